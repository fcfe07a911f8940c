// Written by `npm run answers` (scripts/answer-schemas.js) from apps/api/src/http/answers.ts; do not edit.
/* eslint-disable */
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Each operation's answer, by operation id. */
export const ANSWER_SCHEMAS: Record<string, SchemaObject | ReferenceObject> = {
  "AccessController_createTenant": {
    "type": "object",
    "properties": {
      "tenantId": {
        "type": "string"
      },
      "sandbox": {
        "type": "boolean"
      },
      "receiptsSince": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "receiptsSince",
      "sandbox",
      "tenantId"
    ]
  },
  "AccessController_createKey": {
    "type": "object",
    "properties": {
      "keyId": {
        "type": "string"
      },
      "key": {
        "type": "string"
      },
      "role": {
        "enum": [
          "admin",
          "analyst",
          "auditor",
          "platform",
          "pos"
        ],
        "type": "string"
      },
      "stores": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "nullable": true
      }
    },
    "required": [
      "key",
      "keyId",
      "role",
      "stores"
    ]
  },
  "AccessController_listKeys": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "keys": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/KeyListing"
        }
      }
    },
    "required": [
      "keys",
      "tenant"
    ]
  },
  "AccessController_revokeKey": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Omit_ApiKeyRecord__hash__"
      },
      {
        "type": "object",
        "properties": {
          "revoked": {
            "type": "boolean"
          }
        },
        "required": [
          "revoked"
        ]
      }
    ]
  },
  "ClockController_get": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "now": {
        "type": "string"
      }
    },
    "required": [
      "now",
      "tenant"
    ]
  },
  "ClockController_move": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "from": {
        "type": "string"
      },
      "now": {
        "type": "string"
      },
      "customersDecided": {
        "type": "number"
      }
    },
    "required": [
      "customersDecided",
      "from",
      "now",
      "tenant"
    ]
  },
  "CallerController_caller": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "keyId": {
        "type": "string"
      },
      "role": {
        "$ref": "#/components/schemas/Role"
      },
      "stores": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "nullable": true
      }
    },
    "required": [
      "keyId",
      "role",
      "stores",
      "tenant"
    ]
  },
  "ProgramController_configure": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "revision": {
        "type": "number"
      },
      "program": {
        "$ref": "#/components/schemas/Program"
      }
    },
    "required": [
      "program",
      "revision",
      "tenant"
    ]
  },
  "ProgramController_get": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "revision": {
        "type": "number"
      },
      "program": {
        "$ref": "#/components/schemas/Program"
      }
    },
    "required": [
      "program",
      "revision",
      "tenant"
    ]
  },
  "ProgramRevisionsController_revisions": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "revisions": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramRevision"
        }
      }
    },
    "required": [
      "revisions",
      "tenant"
    ]
  },
  "TillController_enrol": {
    "type": "object",
    "properties": {
      "referralCode": {
        "type": "string",
        "nullable": true
      },
      "referredBy": {
        "type": "string",
        "nullable": true
      },
      "enrolledAt": {
        "type": "string",
        "nullable": true
      },
      "programRevision": {
        "type": "number",
        "nullable": true
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "customerId",
      "enrolledAt",
      "points",
      "programRevision",
      "referralCode",
      "referredBy",
      "stage",
      "tier"
    ]
  },
  "TillController_purchase": {
    "type": "object",
    "properties": {
      "tierChanged": {
        "type": "object",
        "properties": {
          "from": {
            "type": "string"
          },
          "to": {
            "type": "string"
          }
        },
        "required": [
          "from",
          "to"
        ],
        "nullable": true
      },
      "vouchersIssued": {
        "description": "Vouchers the purchase put in the wallet (a full stamp card, a daily gift); their codes are in the wallet.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Pick__voucherId_string_benefit_VoucherBenefit_validUntil_string_source_VoucherSource_receiptId__string_undefined_redemptionId__string_undefined_storeId__string_undefined_occurredAt_string_programRevision_number____voucherId___benefit___validUntil___source__"
        }
      },
      "purchaseCount": {
        "type": "number"
      },
      "programRevision": {
        "type": "number",
        "nullable": true
      },
      "appliedOffers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/AppliedOffer"
        }
      },
      "memberDiscount": {
        "anyOf": [
          {
            "$ref": "#/components/schemas/MemberDiscount"
          }
        ],
        "nullable": true
      },
      "pointsEarned": {
        "type": "number"
      },
      "bonusPoints": {
        "description": "Points of every other rule on the purchase (referral, bonuses).",
        "type": "number"
      },
      "earned": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "reason": {
              "$ref": "#/components/schemas/RuleReason"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "points",
            "reason"
          ]
        }
      },
      "campaigns": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "campaignId": {
              "type": "string"
            },
            "points": {
              "type": "number"
            },
            "exhausted": {
              "type": "boolean"
            },
            "wanted": {
              "type": "number"
            }
          },
          "required": [
            "campaignId",
            "exhausted",
            "points"
          ]
        }
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "receiptId": {
        "type": "string"
      }
    },
    "required": [
      "appliedOffers",
      "bonusPoints",
      "campaigns",
      "customerId",
      "earned",
      "memberDiscount",
      "points",
      "pointsEarned",
      "programRevision",
      "purchaseCount",
      "receiptId",
      "stage",
      "tier",
      "tierChanged",
      "vouchersIssued"
    ]
  },
  "TillController_recordReturn": {
    "type": "object",
    "properties": {
      "pointsReversed": {
        "description": "Every point taken back: the purchase's and the campaigns' (listed in `campaigns`).",
        "type": "number"
      },
      "campaigns": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "campaignId": {
              "type": "string"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "campaignId",
            "points"
          ]
        }
      },
      "amountLeftOnReceipt": {
        "type": "number"
      },
      "tierChanged": {
        "type": "object",
        "properties": {
          "from": {
            "type": "string"
          },
          "to": {
            "type": "string"
          }
        },
        "required": [
          "from",
          "to"
        ],
        "nullable": true
      },
      "programRevision": {
        "type": "number",
        "nullable": true
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "returnId": {
        "type": "string"
      },
      "receiptId": {
        "type": "string"
      },
      "amount": {
        "description": "What the return refunds: for a return by lines, what those goods were paid (the goods kept priced as the purchase was).",
        "type": "number"
      }
    },
    "required": [
      "amount",
      "amountLeftOnReceipt",
      "campaigns",
      "customerId",
      "points",
      "pointsReversed",
      "programRevision",
      "receiptId",
      "returnId",
      "stage",
      "tier",
      "tierChanged"
    ]
  },
  "TillController_redeem": {
    "type": "object",
    "properties": {
      "rewardId": {
        "type": "string",
        "nullable": true
      },
      "pointsRedeemed": {
        "type": "number"
      },
      "cancelled": {
        "type": "boolean"
      },
      "programRevision": {
        "type": "number",
        "nullable": true
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "redemptionId": {
        "type": "string"
      }
    },
    "required": [
      "cancelled",
      "customerId",
      "points",
      "pointsRedeemed",
      "programRevision",
      "redemptionId",
      "rewardId",
      "stage",
      "tier"
    ]
  },
  "TillController_cancel": {
    "type": "object",
    "properties": {
      "pointsReturned": {
        "type": "number"
      },
      "cancelled": {
        "type": "boolean",
        "default": true
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "redemptionId": {
        "type": "string"
      }
    },
    "required": [
      "cancelled",
      "customerId",
      "points",
      "pointsReturned",
      "redemptionId",
      "stage",
      "tier"
    ]
  },
  "TillController_feedback": {
    "type": "object",
    "properties": {
      "bonusPoints": {
        "type": "number"
      },
      "earned": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "reason": {
              "$ref": "#/components/schemas/RuleReason"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "points",
            "reason"
          ]
        }
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "feedbackId": {
        "type": "string"
      }
    },
    "required": [
      "bonusPoints",
      "customerId",
      "earned",
      "feedbackId",
      "points",
      "stage",
      "tier"
    ]
  },
  "TillController_replaceCard": {
    "$ref": "#/components/schemas/CustomerSummary"
  },
  "TillController_quote": {
    "allOf": [
      {
        "$ref": "#/components/schemas/PurchaseQuote"
      },
      {
        "type": "object",
        "properties": {
          "customerId": {
            "type": "string"
          }
        },
        "required": [
          "customerId"
        ]
      }
    ]
  },
  "CampaignsController_create": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "campaign": {
        "$ref": "#/components/schemas/ProgramCampaign"
      }
    },
    "required": [
      "campaign",
      "programRevision",
      "tenant"
    ]
  },
  "CampaignsController_list": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "campaigns": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramCampaign"
        }
      }
    },
    "required": [
      "campaigns",
      "programRevision",
      "tenant"
    ]
  },
  "CampaignsController_get": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "campaign": {
        "$ref": "#/components/schemas/ProgramCampaign"
      }
    },
    "required": [
      "campaign",
      "programRevision",
      "tenant"
    ]
  },
  "CampaignsController_end": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "campaign": {
        "$ref": "#/components/schemas/ProgramCampaign"
      }
    },
    "required": [
      "campaign",
      "programRevision",
      "tenant"
    ]
  },
  "OffersController_create": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "offer": {
        "$ref": "#/components/schemas/ProgramOffer"
      }
    },
    "required": [
      "offer",
      "programRevision",
      "tenant"
    ]
  },
  "OffersController_list": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "offers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramOffer"
        }
      }
    },
    "required": [
      "offers",
      "programRevision",
      "tenant"
    ]
  },
  "OffersController_get": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "offer": {
        "$ref": "#/components/schemas/ProgramOffer"
      }
    },
    "required": [
      "offer",
      "programRevision",
      "tenant"
    ]
  },
  "OffersController_end": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "offer": {
        "$ref": "#/components/schemas/ProgramOffer"
      }
    },
    "required": [
      "offer",
      "programRevision",
      "tenant"
    ]
  },
  "SegmentsController_define": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "segment": {
        "$ref": "#/components/schemas/ProgramSegment"
      }
    },
    "required": [
      "programRevision",
      "segment",
      "tenant"
    ]
  },
  "SegmentsController_list": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "segments": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramSegment"
        }
      }
    },
    "required": [
      "programRevision",
      "segments",
      "tenant"
    ]
  },
  "SegmentsController_get": {
    "type": "object",
    "properties": {
      "tenant": {
        "type": "string"
      },
      "programRevision": {
        "type": "number"
      },
      "segment": {
        "$ref": "#/components/schemas/ProgramSegment"
      }
    },
    "required": [
      "programRevision",
      "segment",
      "tenant"
    ]
  },
  "MemberController_profile": {
    "$ref": "#/components/schemas/MemberProfile"
  },
  "MemberController_history": {
    "$ref": "#/components/schemas/MemberHistoryPage"
  },
  "MemberController_rewards": {
    "type": "object",
    "properties": {
      "points": {
        "type": "number"
      },
      "rewards": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/MemberReward"
        }
      }
    },
    "required": [
      "points",
      "rewards"
    ]
  },
  "MemberController_redeem": {
    "type": "object",
    "properties": {
      "rewardId": {
        "type": "string",
        "nullable": true
      },
      "pointsRedeemed": {
        "type": "number"
      },
      "cancelled": {
        "type": "boolean"
      },
      "programRevision": {
        "type": "number",
        "nullable": true
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "redemptionId": {
        "type": "string"
      }
    },
    "required": [
      "cancelled",
      "customerId",
      "points",
      "pointsRedeemed",
      "programRevision",
      "redemptionId",
      "rewardId",
      "stage",
      "tier"
    ]
  },
  "MemberController_feedback": {
    "type": "object",
    "properties": {
      "bonusPoints": {
        "type": "number"
      },
      "earned": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "reason": {
              "$ref": "#/components/schemas/RuleReason"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "points",
            "reason"
          ]
        }
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "feedbackId": {
        "type": "string"
      }
    },
    "required": [
      "bonusPoints",
      "customerId",
      "earned",
      "feedbackId",
      "points",
      "stage",
      "tier"
    ]
  },
  "MemberController_erase": {
    "$ref": "#/components/schemas/ErasureAnswer"
  },
  "MemberController_wallet": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "vouchers": {
        "type": "array",
        "items": {
          "allOf": [
            {
              "type": "object",
              "properties": {
                "used": {
                  "type": "object",
                  "properties": {
                    "storeId": {
                      "type": "string"
                    },
                    "receiptId": {
                      "type": "string"
                    },
                    "usedAt": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "receiptId",
                    "storeId",
                    "usedAt"
                  ],
                  "nullable": true
                },
                "redemptionId": {
                  "type": "string"
                },
                "receiptId": {
                  "type": "string"
                },
                "voucherId": {
                  "type": "string"
                },
                "benefit": {
                  "$ref": "#/components/schemas/VoucherBenefit"
                },
                "status": {
                  "$ref": "#/components/schemas/VoucherStatus"
                },
                "validUntil": {
                  "type": "string"
                },
                "issuedAt": {
                  "type": "string"
                },
                "source": {
                  "$ref": "#/components/schemas/VoucherSource"
                }
              },
              "required": [
                "benefit",
                "issuedAt",
                "source",
                "status",
                "used",
                "validUntil",
                "voucherId"
              ]
            },
            {
              "type": "object",
              "properties": {
                "code": {
                  "type": "string"
                }
              },
              "required": [
                "code"
              ]
            }
          ]
        }
      },
      "partnerCodes": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "redemptionId": {
              "type": "string"
            },
            "partnerId": {
              "type": "string"
            },
            "code": {
              "type": "string"
            },
            "cancelled": {
              "type": "boolean"
            }
          },
          "required": [
            "cancelled",
            "code",
            "partnerId",
            "redemptionId"
          ]
        }
      }
    },
    "required": [
      "customerId",
      "partnerCodes",
      "vouchers"
    ]
  },
  "MemberController_offers": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "offers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/OfferNow"
        }
      }
    },
    "required": [
      "customerId",
      "offers"
    ]
  },
  "MemberController_stampCards": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "cards": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "cardId": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "stamps": {
              "type": "number"
            },
            "stampsNeeded": {
              "type": "number"
            },
            "owed": {
              "type": "number"
            },
            "completed": {
              "type": "number"
            },
            "vouchers": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          "required": [
            "cardId",
            "completed",
            "name",
            "owed",
            "stamps",
            "stampsNeeded",
            "vouchers"
          ]
        }
      }
    },
    "required": [
      "cards",
      "customerId"
    ]
  },
  "VouchersController_use": {
    "allOf": [
      {
        "type": "object",
        "properties": {
          "used": {
            "type": "object",
            "properties": {
              "storeId": {
                "type": "string"
              },
              "receiptId": {
                "type": "string"
              },
              "usedAt": {
                "type": "string"
              }
            },
            "required": [
              "receiptId",
              "storeId",
              "usedAt"
            ],
            "nullable": true
          },
          "redemptionId": {
            "type": "string"
          },
          "receiptId": {
            "type": "string"
          },
          "voucherId": {
            "type": "string"
          },
          "benefit": {
            "$ref": "#/components/schemas/VoucherBenefit"
          },
          "status": {
            "$ref": "#/components/schemas/VoucherStatus"
          },
          "validUntil": {
            "type": "string"
          },
          "issuedAt": {
            "type": "string"
          },
          "source": {
            "$ref": "#/components/schemas/VoucherSource"
          }
        },
        "required": [
          "benefit",
          "issuedAt",
          "source",
          "status",
          "used",
          "validUntil",
          "voucherId"
        ]
      },
      {
        "type": "object",
        "properties": {
          "customerId": {
            "type": "string"
          }
        },
        "required": [
          "customerId"
        ]
      }
    ]
  },
  "VouchersController_cancelUse": {
    "allOf": [
      {
        "type": "object",
        "properties": {
          "used": {
            "type": "object",
            "properties": {
              "storeId": {
                "type": "string"
              },
              "receiptId": {
                "type": "string"
              },
              "usedAt": {
                "type": "string"
              }
            },
            "required": [
              "receiptId",
              "storeId",
              "usedAt"
            ],
            "nullable": true
          },
          "redemptionId": {
            "type": "string"
          },
          "receiptId": {
            "type": "string"
          },
          "voucherId": {
            "type": "string"
          },
          "benefit": {
            "$ref": "#/components/schemas/VoucherBenefit"
          },
          "status": {
            "$ref": "#/components/schemas/VoucherStatus"
          },
          "validUntil": {
            "type": "string"
          },
          "issuedAt": {
            "type": "string"
          },
          "source": {
            "$ref": "#/components/schemas/VoucherSource"
          }
        },
        "required": [
          "benefit",
          "issuedAt",
          "source",
          "status",
          "used",
          "validUntil",
          "voucherId"
        ]
      },
      {
        "type": "object",
        "properties": {
          "customerId": {
            "type": "string"
          }
        },
        "required": [
          "customerId"
        ]
      }
    ]
  },
  "VouchersController_wallet": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "vouchers": {
        "type": "array",
        "items": {
          "allOf": [
            {
              "type": "object",
              "properties": {
                "used": {
                  "type": "object",
                  "properties": {
                    "storeId": {
                      "type": "string"
                    },
                    "receiptId": {
                      "type": "string"
                    },
                    "usedAt": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "receiptId",
                    "storeId",
                    "usedAt"
                  ],
                  "nullable": true
                },
                "redemptionId": {
                  "type": "string"
                },
                "receiptId": {
                  "type": "string"
                },
                "voucherId": {
                  "type": "string"
                },
                "benefit": {
                  "$ref": "#/components/schemas/VoucherBenefit"
                },
                "status": {
                  "$ref": "#/components/schemas/VoucherStatus"
                },
                "validUntil": {
                  "type": "string"
                },
                "issuedAt": {
                  "type": "string"
                },
                "source": {
                  "$ref": "#/components/schemas/VoucherSource"
                }
              },
              "required": [
                "benefit",
                "issuedAt",
                "source",
                "status",
                "used",
                "validUntil",
                "voucherId"
              ]
            },
            {
              "type": "object",
              "properties": {
                "code": {
                  "type": "string"
                }
              },
              "required": [
                "code"
              ]
            }
          ]
        }
      },
      "partnerCodes": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "redemptionId": {
              "type": "string"
            },
            "partnerId": {
              "type": "string"
            },
            "code": {
              "type": "string"
            },
            "cancelled": {
              "type": "boolean"
            }
          },
          "required": [
            "cancelled",
            "code",
            "partnerId",
            "redemptionId"
          ]
        }
      }
    },
    "required": [
      "customerId",
      "partnerCodes",
      "vouchers"
    ]
  },
  "VouchersController_stampCards": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "cards": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "cardId": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "stamps": {
              "type": "number"
            },
            "stampsNeeded": {
              "type": "number"
            },
            "owed": {
              "type": "number"
            },
            "completed": {
              "type": "number"
            },
            "vouchers": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          },
          "required": [
            "cardId",
            "completed",
            "name",
            "owed",
            "stamps",
            "stampsNeeded",
            "vouchers"
          ]
        }
      }
    },
    "required": [
      "cards",
      "customerId"
    ]
  },
  "PartnersController_addCodes": {
    "type": "object",
    "properties": {
      "partnerId": {
        "type": "string"
      },
      "added": {
        "type": "number"
      },
      "total": {
        "type": "number"
      }
    },
    "required": [
      "added",
      "partnerId",
      "total"
    ]
  },
  "CardsController_findByCard": {
    "allOf": [
      {
        "$ref": "#/components/schemas/CustomerSummary"
      },
      {
        "$ref": "#/components/schemas/TillFacts"
      }
    ]
  },
  "CustomerListController_list": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "customers": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "nextCursor": {
            "type": "string",
            "nullable": true
          }
        },
        "required": [
          "customers",
          "nextCursor"
        ]
      }
    ]
  },
  "CustomerListController_profile": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "customer": {
            "type": "object"
          }
        },
        "required": [
          "customer"
        ]
      }
    ]
  },
  "CustomersController_get": {
    "$ref": "#/components/schemas/CustomerView"
  },
  "CustomersController_lots": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "points": {
        "type": "number"
      },
      "debt": {
        "type": "number"
      },
      "lots": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/LotView"
        }
      }
    },
    "required": [
      "customerId",
      "debt",
      "lots",
      "points"
    ]
  },
  "CustomersController_summary": {
    "allOf": [
      {
        "$ref": "#/components/schemas/CustomerSummary"
      },
      {
        "$ref": "#/components/schemas/TillFacts"
      }
    ]
  },
  "CustomersController_offers": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "offers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/OfferNow"
        }
      }
    },
    "required": [
      "customerId",
      "offers"
    ]
  },
  "CustomersController_balance": {
    "$ref": "#/components/schemas/BalanceAsOf"
  },
  "CustomersController_ledger": {
    "$ref": "#/components/schemas/LedgerPage"
  },
  "CustomersController_erasePersonalData": {
    "$ref": "#/components/schemas/ErasureAnswer"
  },
  "DashboardsController_tiers": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "members": {
            "type": "number"
          },
          "tiers": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "tier": {
                  "type": "string"
                },
                "members": {
                  "type": "number"
                }
              },
              "required": [
                "members",
                "tier"
              ]
            }
          }
        },
        "required": [
          "members",
          "tiers"
        ]
      }
    ]
  },
  "DashboardsController_storeDaily": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "days": {
            "type": "array",
            "items": {
              "type": "object"
            }
          }
        },
        "required": [
          "days"
        ]
      }
    ]
  },
  "DashboardsController_cohorts": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "cohorts": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Cohort"
            }
          }
        },
        "required": [
          "cohorts"
        ]
      }
    ]
  },
  "DashboardsController_funnel": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "totals": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Totals"
              },
              {
                "type": "object",
                "properties": {
                  "buyerToRepeatRate": {
                    "type": "number",
                    "nullable": true
                  },
                  "buyerToMemberRate": {
                    "type": "number",
                    "nullable": true
                  }
                },
                "required": [
                  "buyerToMemberRate",
                  "buyerToRepeatRate"
                ]
              }
            ]
          },
          "months": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record_string_unknown_"
            }
          }
        },
        "required": [
          "months",
          "totals"
        ]
      }
    ]
  },
  "DashboardsController_purchaseFrequency": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "months": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Month"
            }
          }
        },
        "required": [
          "months"
        ]
      }
    ]
  },
  "DashboardsController_feedback": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "totals": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Totals_1"
              },
              {
                "type": "object",
                "properties": {
                  "nps": {
                    "type": "number",
                    "nullable": true
                  },
                  "csatAverage": {
                    "type": "number",
                    "nullable": true
                  },
                  "csatSatisfiedRate": {
                    "type": "number",
                    "nullable": true
                  }
                },
                "required": [
                  "csatAverage",
                  "csatSatisfiedRate",
                  "nps"
                ]
              }
            ]
          },
          "months": {
            "type": "array",
            "items": {
              "allOf": [
                {
                  "type": "object"
                },
                {
                  "type": "object",
                  "properties": {
                    "nps": {
                      "type": "number",
                      "nullable": true
                    },
                    "csatAverage": {
                      "type": "number",
                      "nullable": true
                    },
                    "csatSatisfiedRate": {
                      "type": "number",
                      "nullable": true
                    }
                  },
                  "required": [
                    "csatAverage",
                    "csatSatisfiedRate",
                    "nps"
                  ]
                }
              ]
            }
          }
        },
        "required": [
          "months",
          "totals"
        ]
      }
    ]
  },
  "DashboardsController_referrals": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "totals": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Totals_2"
              },
              {
                "type": "object",
                "properties": {
                  "conversionRate": {
                    "type": "number",
                    "nullable": true
                  }
                },
                "required": [
                  "conversionRate"
                ]
              }
            ]
          },
          "months": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record_string_unknown_"
            }
          }
        },
        "required": [
          "months",
          "totals"
        ]
      }
    ]
  },
  "DashboardsController_pointsLiability": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "$ref": "#/components/schemas/Liability"
      }
    ]
  },
  "DashboardsController_campaigns": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "campaigns": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CampaignAnswer"
            }
          }
        },
        "required": [
          "campaigns"
        ]
      }
    ]
  },
  "DashboardsController_offers": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "$ref": "#/components/schemas/OffersAnswer"
      }
    ]
  },
  "DashboardsController_vouchers": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "totals": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Totals_4"
              },
              {
                "type": "object",
                "properties": {
                  "issued": {
                    "type": "number"
                  },
                  "useRate": {
                    "type": "number",
                    "nullable": true
                  }
                },
                "required": [
                  "issued",
                  "useRate"
                ]
              }
            ]
          },
          "months": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record_string_unknown_"
            }
          }
        },
        "required": [
          "months",
          "totals"
        ]
      }
    ]
  },
  "DashboardsController_partnerSettlement": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "totals": {
            "$ref": "#/components/schemas/Totals_5"
          },
          "partners": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record_string_unknown_"
            }
          },
          "months": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record_string_unknown_"
            }
          }
        },
        "required": [
          "months",
          "partners",
          "totals"
        ]
      }
    ]
  },
  "ActiveCustomersController_activeCustomers": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "asOf": {
            "type": "string"
          },
          "storeId": {
            "type": "string",
            "nullable": true
          },
          "customers": {
            "type": "number"
          },
          "last30Days": {
            "type": "number"
          },
          "last90Days": {
            "type": "number"
          }
        },
        "required": [
          "asOf",
          "customers",
          "last30Days",
          "last90Days",
          "storeId"
        ]
      }
    ]
  },
  "PurchaseCountsController_purchaseCounts": {
    "allOf": [
      {
        "$ref": "#/components/schemas/Reflecting"
      },
      {
        "type": "object",
        "properties": {
          "buckets": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "from": {
                  "type": "number"
                },
                "to": {
                  "type": "number",
                  "nullable": true
                },
                "customers": {
                  "type": "number"
                }
              },
              "required": [
                "customers",
                "from",
                "to"
              ]
            }
          }
        },
        "required": [
          "buckets"
        ]
      }
    ]
  },
  "FeedbackCommentsController_comments": {
    "$ref": "#/components/schemas/FeedbackCommentsPage"
  },
  "HealthController_health": {
    "type": "object",
    "properties": {
      "status": {
        "type": "string"
      },
      "checks": {
        "$ref": "#/components/schemas/Record_string_HealthReport_"
      }
    },
    "required": [
      "checks",
      "status"
    ]
  },
  "HealthController_ready": {
    "type": "object",
    "properties": {
      "status": {
        "type": "string"
      },
      "checks": {
        "$ref": "#/components/schemas/Record_string_HealthReport_"
      }
    },
    "required": [
      "checks",
      "status"
    ]
  }
};

/** The schemas the answers refer to. */
export const ANSWER_COMPONENTS: Record<string, SchemaObject | ReferenceObject> = {
  "KeyListing": {
    "description": "A key as the keys API lists it: everything but the hash.",
    "allOf": [
      {
        "$ref": "#/components/schemas/Omit_ApiKeyRecord__hash__"
      },
      {
        "type": "object",
        "properties": {
          "revoked": {
            "type": "boolean"
          }
        },
        "required": [
          "revoked"
        ]
      }
    ]
  },
  "Omit_ApiKeyRecord__hash__": {
    "type": "object",
    "properties": {
      "keyId": {
        "type": "string"
      },
      "role": {
        "$ref": "#/components/schemas/KeyRole"
      },
      "stores": {
        "description": "For pos keys: the stores it may post for; absent means every store of its tenant.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "createdBy": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      },
      "revokedBy": {
        "type": "string"
      },
      "revokedAt": {
        "type": "string"
      }
    },
    "required": [
      "createdAt",
      "createdBy",
      "keyId",
      "role"
    ]
  },
  "KeyRole": {
    "enum": [
      "admin",
      "analyst",
      "auditor",
      "platform",
      "pos"
    ],
    "type": "string"
  },
  "Role": {
    "enum": [
      "admin",
      "analyst",
      "auditor",
      "member",
      "platform",
      "pos"
    ],
    "type": "string"
  },
  "Program": {
    "allOf": [
      {
        "$ref": "#/components/schemas/ProgramCore"
      },
      {
        "$ref": "#/components/schemas/_earn_EarnSettings_referral_ReferralSettings_feedback_FeedbackSettings_rewards_Reward___tiers_Tier____"
      },
      {
        "$ref": "#/components/schemas/_firstPurchaseBonus__FirstPurchaseBonusSettings_undefined_birthday__BirthdaySettings_undefined_segments__ProgramSegment___undefined_campaigns__ProgramCampaign___undefined_offers__ProgramOffer___undefined_pointsExpiry__PointsExpirySettings_undefined_vouchers__VoucherOffer___undefined_stampCards__StampCard___undefined_gifts__Gift___undefined_partnerRewards__PartnerRewardsSettings_undefined_tierReview__TierReviewSettings_undefined__"
      }
    ]
  },
  "ProgramCore": {
    "description": "A tenant's program: what every rule shares (the currency and the stores with their time zones)\nand each rule's settings under the rule's name (see rules/registry.ts).\nMoney is always integer minor units of the program's currency (sen, rupiah).",
    "type": "object",
    "properties": {
      "currency": {
        "description": "ISO 4217 code.",
        "type": "string"
      },
      "timeZone": {
        "description": "IANA time zone of the chain's head office, the default for stores.",
        "type": "string"
      },
      "stores": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Store"
        }
      },
      "pointValue": {
        "description": "What one point is worth when redeemed, in minor units: the stand-alone value of the points\nliability (IFRS 15). Absent: the liability is counted in points only.",
        "type": "number"
      },
      "lateReceiptDays": {
        "description": "How many days after a purchase a till may still post its receipt (a till that was offline, a\nreceipt keyed in later). Absent: DEFAULT_LATE_RECEIPT_DAYS.",
        "type": "number"
      }
    },
    "required": [
      "currency",
      "stores",
      "timeZone"
    ]
  },
  "Store": {
    "type": "object",
    "properties": {
      "storeId": {
        "type": "string"
      },
      "timeZone": {
        "type": "string"
      }
    },
    "required": [
      "storeId",
      "timeZone"
    ]
  },
  "_earn_EarnSettings_referral_ReferralSettings_feedback_FeedbackSettings_rewards_Reward___tiers_Tier____": {
    "type": "object",
    "properties": {
      "earn": {
        "$ref": "#/components/schemas/EarnSettings"
      },
      "referral": {
        "$ref": "#/components/schemas/ReferralSettings"
      },
      "feedback": {
        "$ref": "#/components/schemas/FeedbackSettings"
      },
      "rewards": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Reward"
        }
      },
      "tiers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Tier"
        }
      }
    },
    "required": [
      "earn",
      "feedback",
      "referral",
      "rewards",
      "tiers"
    ]
  },
  "EarnSettings": {
    "description": "The earn rate: a member earns points on every purchase, at the multiplier of the tier they held\nbefore it; a return takes back the points of the goods returned.",
    "type": "object",
    "properties": {
      "spendPerPoint": {
        "type": "number"
      }
    },
    "required": [
      "spendPerPoint"
    ]
  },
  "ReferralSettings": {
    "description": "Referrals: a new customer (no purchase yet) enrols with a member's code. Their first purchase of\nat least `minQualifyingPurchase` qualifies the referral: the friend gets `refereeBonus` with the\npurchase, and the referral process manager sends the referrer's stream AwardReferrerBonus, which\npays `referrerBonus` once per friend.\n\nWith `pendingDays` (the return window), both bonuses wait: the qualified referral is pending\nuntil the end of the local day (the purchase's store) `pendingDays` after the purchase, when the\nscheduler confirms it (ReferralConfirmed, the friend's bonus, then the referrer's); a return of\nthat purchase inside the window that brings it under `minQualifyingPurchase` cancels it\n(ReferralCancelled), and the friend's later purchases do not qualify it again.",
    "type": "object",
    "properties": {
      "referrerBonus": {
        "type": "number"
      },
      "refereeBonus": {
        "type": "number"
      },
      "minQualifyingPurchase": {
        "type": "number"
      },
      "pendingDays": {
        "description": "Days the bonuses wait for returns of the qualifying purchase; absent or 0: paid at once.",
        "type": "number"
      }
    },
    "required": [
      "minQualifyingPurchase",
      "refereeBonus",
      "referrerBonus"
    ]
  },
  "FeedbackSettings": {
    "description": "The feedback bonus: a member who gives feedback about a receipt earns `bonus` points, once per receipt.",
    "type": "object",
    "properties": {
      "bonus": {
        "type": "number"
      }
    },
    "required": [
      "bonus"
    ]
  },
  "Reward": {
    "description": "The rewards catalogue: what a member may redeem their points for, and at what price.",
    "type": "object",
    "properties": {
      "rewardId": {
        "type": "string"
      },
      "points": {
        "type": "number"
      }
    },
    "required": [
      "points",
      "rewardId"
    ]
  },
  "Tier": {
    "description": "Tiers: a ladder of levels by qualifying spend, each with its points multiplier. A member's tier\nfollows the spend as soon as it changes: up on a purchase, down when a return takes it below the\nthreshold (unless the program has a tier review: then only the review lowers it); the new\nmultiplier applies from the next purchase.",
    "type": "object",
    "properties": {
      "name": {
        "type": "string"
      },
      "minQualifyingSpend": {
        "type": "number"
      },
      "multiplier": {
        "description": "Up to 4 decimal places, e.g. 1.25.",
        "type": "number"
      },
      "discountPercent": {
        "description": "The membership card's discount: this percentage off every purchase of the tier's members (after their offers).",
        "type": "number"
      }
    },
    "required": [
      "minQualifyingSpend",
      "multiplier",
      "name"
    ]
  },
  "_firstPurchaseBonus__FirstPurchaseBonusSettings_undefined_birthday__BirthdaySettings_undefined_segments__ProgramSegment___undefined_campaigns__ProgramCampaign___undefined_offers__ProgramOffer___undefined_pointsExpiry__PointsExpirySettings_undefined_vouchers__VoucherOffer___undefined_stampCards__StampCard___undefined_gifts__Gift___undefined_partnerRewards__PartnerRewardsSettings_undefined_tierReview__TierReviewSettings_undefined__": {
    "type": "object",
    "properties": {
      "firstPurchaseBonus": {
        "$ref": "#/components/schemas/FirstPurchaseBonusSettings"
      },
      "birthday": {
        "$ref": "#/components/schemas/BirthdaySettings"
      },
      "segments": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramSegment"
        }
      },
      "campaigns": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramCampaign"
        }
      },
      "offers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ProgramOffer"
        }
      },
      "pointsExpiry": {
        "$ref": "#/components/schemas/PointsExpirySettings"
      },
      "vouchers": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/VoucherOffer"
        }
      },
      "stampCards": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/StampCard"
        }
      },
      "gifts": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Gift"
        }
      },
      "partnerRewards": {
        "$ref": "#/components/schemas/PartnerRewardsSettings"
      },
      "tierReview": {
        "$ref": "#/components/schemas/TierReviewSettings"
      }
    }
  },
  "FirstPurchaseBonusSettings": {
    "description": "A welcome bonus: the first purchase of a member that reaches `minSpend` earns `points` on top of\nthe earn rate, once. Purchases made before enrolling do not earn it: the bonus is for what the\nmembership brings. Returning the purchase later keeps the bonus.",
    "type": "object",
    "properties": {
      "points": {
        "type": "number"
      },
      "minSpend": {
        "type": "number"
      }
    },
    "required": [
      "minSpend",
      "points"
    ]
  },
  "BirthdaySettings": {
    "description": "The birthday month: at the start of the member's birth month, in the time zone of their home\nstore (else the tenant's), BirthdayMonthStarted and the bonus, once per member per year; a\nmember who enrols during their birth month gets it then. Purchases in that month earn the\n`multiplier` on top of their tier's. The rule reads the birth month recorded at enrolment, never\nthe sealed birthday, and decides nothing for a member whose personal data was erased.",
    "type": "object",
    "properties": {
      "bonus": {
        "type": "number"
      },
      "multiplier": {
        "description": "Extra multiplier on purchases in the birth month (e.g. 2: double points); absent: none.",
        "type": "number"
      }
    },
    "required": [
      "bonus"
    ]
  },
  "ProgramSegment": {
    "description": "A segment in the program: as defined, and when.",
    "allOf": [
      {
        "$ref": "#/components/schemas/Segment"
      },
      {
        "type": "object",
        "properties": {
          "definedAt": {
            "type": "string"
          }
        },
        "required": [
          "definedAt"
        ]
      }
    ]
  },
  "Segment": {
    "description": "Segments: named rules over what a customer's own ledger says of them (stage, tier, home store,\nhow long since their last purchase, how many purchases, whether it is their birth month), used\nto target campaigns. Membership is judged when a decision is made, from the customer as the\nledger stands before it and the decision's moment, so a replay judges it the same. Every\ncondition given must hold; each is defined once (POST …/segments), in the program's stream.",
    "type": "object",
    "properties": {
      "segmentId": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "stages": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Stage"
        }
      },
      "tiers": {
        "description": "The tier held.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "homeStores": {
        "description": "The member's home store.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "lastPurchaseWithinDays": {
        "description": "The last purchase at most this many days before the moment judged (an active customer).",
        "type": "number"
      },
      "lastPurchaseBeforeDays": {
        "description": "The last purchase more than this many days before, or none (a lapsed customer).",
        "type": "number"
      },
      "purchaseCount": {
        "description": "Purchases so far, at least `min` and at most `max`.",
        "type": "object",
        "properties": {
          "min": {
            "type": "number"
          },
          "max": {
            "type": "number"
          }
        }
      },
      "inBirthMonth": {
        "description": "The moment judged is in the member's birth month, in their local time (their home store's zone, else the tenant's).",
        "type": "boolean"
      }
    },
    "required": [
      "name",
      "segmentId"
    ]
  },
  "Stage": {
    "description": "Buyer: one purchase. Customer: a repeat purchase. Member: enrolled in the program.",
    "enum": [
      "buyer",
      "customer",
      "member"
    ],
    "type": "string"
  },
  "ProgramCampaign": {
    "description": "A campaign in the program: as created, when, and when it was ended if it was.",
    "allOf": [
      {
        "$ref": "#/components/schemas/Campaign"
      },
      {
        "type": "object",
        "properties": {
          "createdAt": {
            "type": "string"
          },
          "endedAt": {
            "type": "string"
          }
        },
        "required": [
          "createdAt"
        ]
      }
    ]
  },
  "Campaign": {
    "description": "Campaigns: time-boxed rules that give members more points (Lebaran, Christmas, New Year). Each is\ncreated and ended on its own (program events of this rule), and applies to a member's purchase\nwhen the purchase's local date, in its store's time zone, is within the campaign's window, at\none of its stores, by a member of one of its tiers, spending at least its minimum, and the member\nis not in its holdout. What it gives is its effect (campaign-effects/), then capped by what the\nmember may still get from it and what its budget has left.\n\nStacking: the campaigns that apply are taken by priority, highest first (at one priority an\nexclusive one first, then by id); their points add up, but an exclusive campaign is the last\none taken: it wins over every campaign of its priority or lower.\n\nBudget: the points a campaign gives in all never exceed its budget. The budget is shared by\nevery till of the chain, so it is not read from the customer's ledger: the purchase command\ncarries the points the write side holds of it for this purchase (`budgets`), and the rule gives\nat most those; when they fall short, the campaign is exhausted for the purchase\n(CampaignBudgetExhausted), which still earns everything else. A return takes back the campaign's\npoints with the earn rate's cumulative rounding, and the write side gives them back to the budget:\nby the share of the receipt's amount it returns, or, for a return by lines and an effect that\ncounts lines (a sku's or a category's multiplier), by the share of those lines' value that came\nback, so returning other goods takes none of them back.",
    "type": "object",
    "properties": {
      "campaignId": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "from": {
        "description": "The first and last local dates of the window (YYYY-MM-DD), judged in each store's time zone.",
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "stores": {
        "description": "The stores it runs in; absent: every store.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "tiers": {
        "description": "The tiers of the members it is for (the tier held before the purchase); absent: every member.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "segment": {
        "description": "A segment (POST …/segments) the member must be in at the purchase, as their ledger stood before it.",
        "type": "string"
      },
      "effect": {
        "$ref": "#/components/schemas/CampaignEffect"
      },
      "minSpend": {
        "description": "The smallest receipt total it applies to.",
        "type": "number"
      },
      "budget": {
        "description": "The points it may give in all.",
        "type": "object",
        "properties": {
          "points": {
            "type": "number"
          }
        },
        "required": [
          "points"
        ]
      },
      "perMember": {
        "description": "The points it may give one member.",
        "type": "object",
        "properties": {
          "points": {
            "type": "number"
          }
        },
        "required": [
          "points"
        ]
      },
      "holdoutPercent": {
        "description": "The share of eligible members kept out of it (the same members always), to measure its uplift.",
        "type": "number"
      },
      "exclusive": {
        "description": "Wins over campaigns of its priority or lower: they do not apply with it.",
        "type": "boolean"
      },
      "priority": {
        "description": "Higher first; 0 when absent.",
        "type": "number"
      }
    },
    "required": [
      "campaignId",
      "effect",
      "from",
      "name",
      "to"
    ]
  },
  "CampaignEffect": {
    "anyOf": [
      {
        "$ref": "#/components/schemas/BonusPoints"
      },
      {
        "$ref": "#/components/schemas/CategoryMultiplier"
      },
      {
        "$ref": "#/components/schemas/ReceiptMultiplier"
      },
      {
        "$ref": "#/components/schemas/SkuMultiplier"
      }
    ]
  },
  "BonusPoints": {
    "description": "`{bonusPoints}`: points for every receipt the campaign applies to, whatever its amount.",
    "type": "object",
    "properties": {
      "bonusPoints": {
        "type": "number"
      }
    },
    "required": [
      "bonusPoints"
    ]
  },
  "CategoryMultiplier": {
    "description": "`{category, multiplier}`: the lines of a category earn `multiplier` times their points.",
    "type": "object",
    "properties": {
      "category": {
        "type": "string"
      },
      "multiplier": {
        "type": "number"
      }
    },
    "required": [
      "category",
      "multiplier"
    ]
  },
  "ReceiptMultiplier": {
    "description": "`{multiplier}`: the whole receipt earns `multiplier` times its points (on top of the tier's multiplier).",
    "type": "object",
    "properties": {
      "multiplier": {
        "type": "number"
      }
    },
    "required": [
      "multiplier"
    ]
  },
  "SkuMultiplier": {
    "description": "`{sku, multiplier}`: the lines of one product earn `multiplier` times their points.",
    "type": "object",
    "properties": {
      "sku": {
        "type": "string"
      },
      "multiplier": {
        "type": "number"
      }
    },
    "required": [
      "multiplier",
      "sku"
    ]
  },
  "ProgramOffer": {
    "description": "An offer in the program: as created, when, and when it was ended if it was.",
    "anyOf": [
      {
        "allOf": [
          {
            "$ref": "#/components/schemas/OfferTerms"
          },
          {
            "$ref": "#/components/schemas/AmountOff"
          },
          {
            "type": "object",
            "properties": {
              "createdAt": {
                "type": "string"
              },
              "endedAt": {
                "type": "string"
              }
            },
            "required": [
              "createdAt"
            ]
          }
        ]
      },
      {
        "allOf": [
          {
            "$ref": "#/components/schemas/OfferTerms"
          },
          {
            "$ref": "#/components/schemas/Bundle"
          },
          {
            "type": "object",
            "properties": {
              "createdAt": {
                "type": "string"
              },
              "endedAt": {
                "type": "string"
              }
            },
            "required": [
              "createdAt"
            ]
          }
        ]
      },
      {
        "allOf": [
          {
            "$ref": "#/components/schemas/OfferTerms"
          },
          {
            "$ref": "#/components/schemas/PercentOff"
          },
          {
            "type": "object",
            "properties": {
              "createdAt": {
                "type": "string"
              },
              "endedAt": {
                "type": "string"
              }
            },
            "required": [
              "createdAt"
            ]
          }
        ]
      }
    ]
  },
  "OfferTerms": {
    "description": "Offers: member-only benefits the till applies to a basket (a percentage off the basket or a\ncategory, an amount off a minimum spend, \"3 for 70,000\"), targeted by tier or segment, in a\nwindow of local dates judged in the store's time zone, each created and ended on its own\n(program events of this rule). A till quotes a basket to learn which offers apply and what each\ntakes off (POST …/quotes), then posts the purchase with the offers it applied (`appliedOffers`)\nand the total the quote gave: the decider prices the basket again with those offers, refuses\none that does not apply to that member, basket and moment (422 naming it, nothing recorded), and\nrecords what each took off in the purchase. An offer's uses per member are counted from those\npurchases in the member's own stream, so `limitPerMember` holds and a replay decides the same.\n\nThe member's tier discount (`discountPercent` of a tier: the membership card's discount) is\npriced with them, last, on every purchase of a member of that tier.\n\nOrder: offers price the basket by their kind's stage (lines first: bundles, then percentages off\na category; then the basket: percentages, amounts off), then by id; each takes off what is left\nafter those before it, rounded down.",
    "type": "object",
    "properties": {
      "offerId": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "from": {
        "description": "The first and last local dates of the window (YYYY-MM-DD), judged in the store's time zone.",
        "type": "string"
      },
      "to": {
        "type": "string"
      },
      "stores": {
        "description": "The stores it runs in; absent: every store.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "tiers": {
        "description": "The tiers of the members it is for (the tier held before the purchase); absent: every member.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "segment": {
        "description": "A segment (POST …/segments) the member must be in at the purchase.",
        "type": "string"
      },
      "limitPerMember": {
        "description": "How many purchases of one member may use it; absent: no limit.",
        "type": "number"
      }
    },
    "required": [
      "from",
      "name",
      "offerId",
      "to"
    ]
  },
  "AmountOff": {
    "description": "`{kind: 'amountOff', amount, minSpend?}`: an amount off a basket of at least `minSpend`.",
    "type": "object",
    "properties": {
      "kind": {
        "type": "string",
        "enum": [
          "amountOff"
        ]
      },
      "amount": {
        "type": "number"
      },
      "minSpend": {
        "type": "number"
      }
    },
    "required": [
      "amount",
      "kind"
    ]
  },
  "Bundle": {
    "description": "`{kind: 'bundle', sku | category, quantity, price}`: \"3 for 70,000\". The units the offer names\ngo in sets of `quantity`, each set for `price` instead of its units' shelf prices; units left\nover (4 at \"3 for 70,000\": the fourth) pay their shelf price. When the units differ in price\n(a category), the dearest go into sets first, so the member gets the most off; a set that costs\nless on the shelf than the bundle's price gives nothing.",
    "type": "object",
    "properties": {
      "kind": {
        "type": "string",
        "enum": [
          "bundle"
        ]
      },
      "sku": {
        "type": "string"
      },
      "category": {
        "type": "string"
      },
      "quantity": {
        "type": "number"
      },
      "price": {
        "type": "number"
      }
    },
    "required": [
      "kind",
      "price",
      "quantity"
    ]
  },
  "PercentOff": {
    "description": "`{kind: 'percentOff', percent, category?}`: a percentage off the basket, or off the lines of a category.",
    "type": "object",
    "properties": {
      "kind": {
        "type": "string",
        "enum": [
          "percentOff"
        ]
      },
      "percent": {
        "type": "number"
      },
      "category": {
        "type": "string"
      }
    },
    "required": [
      "kind",
      "percent"
    ]
  },
  "PointsExpirySettings": {
    "description": "Points expiry: a lot expires at the end of the local day (the tenant's time zone) `afterMonths`\nafter it was earned, and its points left then are taken (PointsExpired). `noticeDays` before,\nPointsExpiringSoon is recorded once per expiry date, so e-mail systems can warn the member. The\nexpiry is recorded on the lot when it is earned, so a program change never expires points\nretroactively; a program without these settings expires nothing.",
    "type": "object",
    "properties": {
      "afterMonths": {
        "type": "number"
      },
      "noticeDays": {
        "type": "number"
      }
    },
    "required": [
      "afterMonths",
      "noticeDays"
    ]
  },
  "VoucherOffer": {
    "description": "A voucher the member may buy with points.",
    "type": "object",
    "properties": {
      "rewardId": {
        "type": "string"
      },
      "points": {
        "type": "number"
      },
      "reward": {
        "$ref": "#/components/schemas/VoucherReward"
      }
    },
    "required": [
      "points",
      "reward",
      "rewardId"
    ]
  },
  "VoucherReward": {
    "description": "What a rule issues: the benefit and how many local days after the day of issue it stays valid.",
    "type": "object",
    "properties": {
      "voucher": {
        "$ref": "#/components/schemas/VoucherBenefit"
      },
      "validDays": {
        "type": "number"
      }
    },
    "required": [
      "validDays",
      "voucher"
    ]
  },
  "VoucherBenefit": {
    "description": "The member's wallet of vouchers: one-time benefits (a free item, an amount or a percent off)\nused at the till by code. A voucher is issued by a rule (a full stamp card, a daily gift) or\nbought with points: this rule's settings are the vouchers a member may redeem points for,\n`[{rewardId, points, reward}]`, beside the points catalogue. Every rule names what it issues with\nthe same `reward: {voucher, validDays}`.\n\nA voucher's id is decided from what issued it (`card:<cardId>:<n>`, `redemption:<id>`, …), so a\nreplay decides the same; its code, a bearer secret, is never recorded: the application derives\nit from the id with a key of the tenant kept outside the event store, and finds the voucher by\nit. A use is a command on the member's stream, so two tills using one voucher at the same moment\nget one use and one refusal; a cancelled use makes the voucher usable again.",
    "anyOf": [
      {
        "type": "object",
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "freeItem"
            ]
          },
          "sku": {
            "type": "string"
          },
          "category": {
            "type": "string"
          }
        },
        "required": [
          "kind"
        ]
      },
      {
        "type": "object",
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "amountOff"
            ]
          },
          "amount": {
            "type": "number"
          }
        },
        "required": [
          "amount",
          "kind"
        ]
      },
      {
        "type": "object",
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "percentOff"
            ]
          },
          "percent": {
            "type": "number"
          }
        },
        "required": [
          "kind",
          "percent"
        ]
      }
    ]
  },
  "StampCard": {
    "type": "object",
    "properties": {
      "cardId": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "counts": {
        "$ref": "#/components/schemas/StampCounts"
      },
      "stampsNeeded": {
        "type": "number"
      },
      "reward": {
        "$ref": "#/components/schemas/VoucherReward"
      }
    },
    "required": [
      "cardId",
      "counts",
      "name",
      "reward",
      "stampsNeeded"
    ]
  },
  "StampCounts": {
    "description": "Stamp cards (punch cards): each qualifying item, or each qualifying receipt, stamps the card; at\n`stampsNeeded` the card's reward voucher goes to the member's wallet and a new card starts.\n\"Buy 10 get 1 free\", a free cone every 10 purchases, a free wash after 6 paid ones.\n\nA return takes back the stamps of what was returned. A return by lines (returned-goods.ts) names\nthe goods: a card stamped per item takes back a stamp for each returned unit it counted; a card\nstamped per receipt takes its stamp back when the goods kept no longer qualify (none of its sku\nor category left, or less than `minAmount`). A return by amount only takes back by share: a\nreceipt keeps the share of its stamps its amount left pays for (rounded down, counted on the\nwhole receipt, so one returned in parts gives back exactly what it stamped); a receipt stamped\nonce keeps its stamp while what is left still reaches `minAmount`. When a receipt has returns of\nboth kinds, an amount is a share of the goods still kept (return-refund.ts `paidOfKept`): the\nstamps of the goods kept are kept by the share of what they cost that is still paid, so goods\nnamed after an amount take back only the stamps the amount did not. When a return undoes a\ncompleted card, its voucher is withdrawn if unused; if it was used, the stamps owed are taken\nfrom the next stamps instead.",
    "type": "object",
    "properties": {
      "sku": {
        "type": "string"
      },
      "category": {
        "type": "string"
      },
      "minAmount": {
        "description": "`item`: a line's unit price at least this; `receipt`: the qualifying lines (all: the total) at least this.",
        "type": "number"
      },
      "per": {
        "enum": [
          "item",
          "receipt"
        ],
        "type": "string"
      }
    },
    "required": [
      "per"
    ]
  },
  "Gift": {
    "description": "Daily gifts: \"spend at least Rp 350,000 today and get a bag\". A member whose receipts of one local\nday (each in its store's time zone; only those of `stores` when given) reach `minSpend`, net of\nreturns, gets the gift's voucher once that day, with the purchase that reached it. A return that\nbrings the day back under `minSpend` withdraws the voucher when it is unused; a later purchase\nthat day reaching it again gives it again.",
    "type": "object",
    "properties": {
      "giftId": {
        "type": "string"
      },
      "minSpend": {
        "type": "number"
      },
      "per": {
        "type": "string",
        "enum": [
          "day"
        ]
      },
      "stores": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "reward": {
        "$ref": "#/components/schemas/VoucherReward"
      }
    },
    "required": [
      "giftId",
      "minSpend",
      "per",
      "reward"
    ]
  },
  "PartnerRewardsSettings": {
    "type": "object",
    "properties": {
      "partners": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Partner"
        }
      },
      "rewards": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/PartnerReward"
        }
      }
    },
    "required": [
      "partners",
      "rewards"
    ]
  },
  "Partner": {
    "description": "Partner rewards: gift cards of other (non-competing) businesses, bought with points. Each partner\nhas a pool of codes an admin uploads (the application keeps them encrypted, in the partner's own\nstream, numbered by slot); a redemption takes the slot the application found free, and the\nslot is claimed with the redemption's events, so a code is never given twice. An empty pool\nrefuses the redemption before any points are taken. A cancelled redemption gives the points back\nand burns the code: it is given to no one again.",
    "type": "object",
    "properties": {
      "partnerId": {
        "type": "string"
      },
      "name": {
        "type": "string"
      }
    },
    "required": [
      "name",
      "partnerId"
    ]
  },
  "PartnerReward": {
    "type": "object",
    "properties": {
      "rewardId": {
        "type": "string"
      },
      "points": {
        "type": "number"
      },
      "partnerId": {
        "type": "string"
      }
    },
    "required": [
      "partnerId",
      "points",
      "rewardId"
    ]
  },
  "TierReviewSettings": {
    "description": "The tier review: a tier reached is held at least `holdMonths`; after that, on the first day of\neach month at local midnight (the tenant's time zone), the member's tier is set to the one their\nrolling 12-month qualifying spend supports, down as well as up. A member who stops buying falls\nback; one who keeps buying keeps it. With a review, a return no longer takes a tier away at once:\nthe review does (the tiers rule leaves downgrades to it).",
    "type": "object",
    "properties": {
      "holdMonths": {
        "type": "number"
      }
    },
    "required": [
      "holdMonths"
    ]
  },
  "ProgramRevision": {
    "description": "One revision of a tenant's program: the rules in force from it, what changed them, when, and by whose key.",
    "type": "object",
    "properties": {
      "revision": {
        "type": "number"
      },
      "change": {
        "description": "The event that made the revision: the program set, or a campaign or an offer created or ended.",
        "enum": [
          "CampaignCreated",
          "CampaignEnded",
          "OfferCreated",
          "OfferEnded",
          "ProgramConfigured",
          "SegmentDefined"
        ],
        "type": "string"
      },
      "configuredAt": {
        "type": "string"
      },
      "principal": {
        "type": "string",
        "nullable": true
      },
      "program": {
        "$ref": "#/components/schemas/Program"
      }
    },
    "required": [
      "change",
      "configuredAt",
      "principal",
      "program",
      "revision"
    ]
  },
  "Pick__voucherId_string_benefit_VoucherBenefit_validUntil_string_source_VoucherSource_receiptId__string_undefined_redemptionId__string_undefined_storeId__string_undefined_occurredAt_string_programRevision_number____voucherId___benefit___validUntil___source__": {
    "type": "object",
    "properties": {
      "voucherId": {
        "type": "string"
      },
      "benefit": {
        "$ref": "#/components/schemas/VoucherBenefit"
      },
      "validUntil": {
        "description": "The end of the last local day it may be used (exclusive).",
        "type": "string"
      },
      "source": {
        "$ref": "#/components/schemas/VoucherSource"
      }
    },
    "required": [
      "benefit",
      "source",
      "validUntil",
      "voucherId"
    ]
  },
  "VoucherSource": {
    "description": "What issued a voucher: the rule, and its card, gift or reward.",
    "type": "object",
    "properties": {
      "rule": {
        "type": "string"
      },
      "id": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "rule"
    ]
  },
  "AppliedOffer": {
    "description": "What an offer took off a purchase: off lines (by their index in the receipt) or off the basket.",
    "type": "object",
    "properties": {
      "offerId": {
        "type": "string"
      },
      "discount": {
        "description": "All it took off, in minor units: its lines' discounts, or its basket discount.",
        "type": "number"
      },
      "lines": {
        "description": "The lines it took `discount` off, when it priced lines (a bundle, a category's percentage).",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "line": {
              "type": "number"
            },
            "discount": {
              "type": "number"
            }
          },
          "required": [
            "discount",
            "line"
          ]
        }
      }
    },
    "required": [
      "discount",
      "offerId"
    ]
  },
  "MemberDiscount": {
    "description": "The member's tier discount on a purchase: the tier, its percentage, and what it took off.",
    "type": "object",
    "properties": {
      "tier": {
        "type": "string"
      },
      "percent": {
        "type": "number"
      },
      "discount": {
        "type": "number"
      }
    },
    "required": [
      "discount",
      "percent",
      "tier"
    ]
  },
  "RuleReason": {
    "description": "Every reason of points earned.",
    "enum": [
      "birthday",
      "birthday-month",
      "campaign",
      "feedback",
      "first-purchase",
      "purchase",
      "referral"
    ],
    "type": "string"
  },
  "CustomerSummary": {
    "description": "What a till needs back after a command, computed from the stream it just appended to.",
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "customerId",
      "points",
      "stage",
      "tier"
    ]
  },
  "PurchaseQuote": {
    "type": "object",
    "properties": {
      "listTotal": {
        "description": "The lines at their shelf prices: quantity × unitPrice, less the till's line discounts.",
        "type": "number"
      },
      "total": {
        "description": "What the customer pays: the list total less what the offers and the member's tier discount take off.",
        "type": "number"
      },
      "appliedOffers": {
        "description": "The offers to post with the purchase (`appliedOffers`), in the order they price the basket.",
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "offers": {
        "description": "What each offer takes off: off lines (by their index in the basket), or off the basket.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/AppliedOffer"
        }
      },
      "memberDiscount": {
        "description": "The member's tier discount (the membership card's); null: none.",
        "anyOf": [
          {
            "$ref": "#/components/schemas/MemberDiscount"
          }
        ],
        "nullable": true
      },
      "lines": {
        "description": "Each line with its shelf price, what the offers take off it, and which offer takes what.",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "line": {
              "type": "number"
            },
            "sku": {
              "type": "string"
            },
            "price": {
              "type": "number"
            },
            "discount": {
              "type": "number"
            },
            "offers": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "offerId": {
                    "type": "string"
                  },
                  "discount": {
                    "type": "number"
                  }
                },
                "required": [
                  "discount",
                  "offerId"
                ]
              }
            }
          },
          "required": [
            "discount",
            "line",
            "offers",
            "price",
            "sku"
          ]
        }
      },
      "pointsEarned": {
        "description": "Points of the earn rate, and of every other rule, as the purchase's answer says them.",
        "type": "number"
      },
      "bonusPoints": {
        "type": "number"
      },
      "earned": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "reason": {
              "$ref": "#/components/schemas/RuleReason"
            },
            "points": {
              "type": "number"
            },
            "campaignId": {
              "type": "string"
            }
          },
          "required": [
            "points",
            "reason"
          ]
        }
      },
      "campaigns": {
        "description": "What each campaign would give; `budgeted`: from a budget, so only while it lasts.",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "campaignId": {
              "type": "string"
            },
            "points": {
              "type": "number"
            },
            "budgeted": {
              "type": "boolean"
            }
          },
          "required": [
            "budgeted",
            "campaignId",
            "points"
          ]
        }
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "programRevision": {
        "type": "number"
      }
    },
    "required": [
      "appliedOffers",
      "bonusPoints",
      "campaigns",
      "earned",
      "lines",
      "listTotal",
      "memberDiscount",
      "offers",
      "pointsEarned",
      "programRevision",
      "tier",
      "total"
    ]
  },
  "MemberProfile": {
    "type": "object",
    "properties": {
      "progress": {
        "description": "The next tier up and the qualifying spend (minor units) still needed for it; null at the top.",
        "type": "object",
        "properties": {
          "nextTier": {
            "type": "string"
          },
          "spendToGo": {
            "type": "number"
          }
        },
        "required": [
          "nextTier",
          "spendToGo"
        ],
        "nullable": true
      },
      "pendingPoints": {
        "description": "Points a rule decided but holds back until a window closes (a referral bonus waiting for returns): not spendable yet.",
        "type": "number"
      },
      "qualifyingSpend": {
        "type": "number"
      },
      "lifetimeEarned": {
        "type": "number"
      },
      "lifetimeRedeemed": {
        "type": "number"
      },
      "lifetimeReversed": {
        "type": "number"
      },
      "lifetimeExpired": {
        "type": "number"
      },
      "expiring": {
        "description": "The next dates points expire, with how many (lots.ts).",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "points": {
              "type": "number"
            },
            "expiresAt": {
              "type": "string"
            }
          },
          "required": [
            "expiresAt",
            "points"
          ]
        }
      },
      "purchaseCount": {
        "type": "number"
      },
      "totalSpend": {
        "type": "number"
      },
      "tierSince": {
        "type": "string",
        "nullable": true
      },
      "referralCode": {
        "type": "string",
        "nullable": true
      },
      "firstPurchaseAt": {
        "type": "string",
        "nullable": true
      },
      "lastPurchaseAt": {
        "type": "string",
        "nullable": true
      },
      "cardNumber": {
        "description": "The member's card number and birthday; null when not given or once erased.",
        "type": "string",
        "nullable": true
      },
      "birthday": {
        "type": "string",
        "nullable": true
      },
      "personalDataErased": {
        "type": "boolean"
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "birthday",
      "cardNumber",
      "customerId",
      "expiring",
      "firstPurchaseAt",
      "lastPurchaseAt",
      "lifetimeEarned",
      "lifetimeExpired",
      "lifetimeRedeemed",
      "lifetimeReversed",
      "pendingPoints",
      "personalDataErased",
      "points",
      "progress",
      "purchaseCount",
      "qualifyingSpend",
      "referralCode",
      "stage",
      "tier",
      "tierSince",
      "totalSpend"
    ]
  },
  "MemberHistoryPage": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "entries": {
        "description": "Up to limit entries from fromRevision on, in ledger order.",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/MemberHistoryEntry"
        }
      },
      "balance": {
        "description": "The member's balance now: what the last entry of the whole history leaves.",
        "type": "number"
      },
      "nextRevision": {
        "description": "fromRevision of the next page; null after the last entry.",
        "type": "number",
        "nullable": true
      }
    },
    "required": [
      "balance",
      "customerId",
      "entries",
      "nextRevision"
    ]
  },
  "MemberHistoryEntry": {
    "description": "One entry of a member's own history: what happened, in their words, and the balance after it.",
    "type": "object",
    "properties": {
      "revision": {
        "type": "number"
      },
      "at": {
        "description": "When it happened (the receipt's time for a purchase), RFC 3339 UTC.",
        "type": "string"
      },
      "type": {
        "description": "The ledger event it shows.",
        "type": "string"
      },
      "text": {
        "type": "string"
      },
      "points": {
        "description": "Points it added (positive) or took (negative); 0 for entries that move none.",
        "type": "number"
      },
      "balance": {
        "type": "number"
      }
    },
    "required": [
      "at",
      "balance",
      "points",
      "revision",
      "text",
      "type"
    ]
  },
  "MemberReward": {
    "description": "A reward the member may redeem points for, what it gives and whether their points pay for it now.",
    "type": "object",
    "properties": {
      "rewardId": {
        "type": "string"
      },
      "kind": {
        "description": "catalogue: collected at a store; voucher: a voucher put in the wallet; partner: a partner's gift-card code.",
        "enum": [
          "catalogue",
          "partner",
          "voucher"
        ],
        "type": "string"
      },
      "points": {
        "type": "number"
      },
      "text": {
        "description": "What it gives, in the member's words.",
        "type": "string"
      },
      "voucher": {
        "description": "kind voucher: its benefit and the local days after the day of issue it stays valid; null otherwise.",
        "anyOf": [
          {
            "$ref": "#/components/schemas/VoucherReward"
          }
        ],
        "nullable": true
      },
      "partner": {
        "description": "kind partner: the partner whose gift card it is; null otherwise.",
        "anyOf": [
          {
            "$ref": "#/components/schemas/Partner"
          }
        ],
        "nullable": true
      },
      "available": {
        "description": "Whether there is one to give now: a partner's gift card only while the partner has a code left in its pool.",
        "type": "boolean"
      },
      "affordable": {
        "description": "Whether the member's points pay for it now.",
        "type": "boolean"
      },
      "pointsShort": {
        "description": "Points still missing; 0 when affordable.",
        "type": "number"
      }
    },
    "required": [
      "affordable",
      "available",
      "kind",
      "partner",
      "points",
      "pointsShort",
      "rewardId",
      "text",
      "voucher"
    ]
  },
  "ErasureAnswer": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "personalDataErased": {
        "type": "boolean",
        "enum": [
          true
        ]
      },
      "erasedAt": {
        "type": "string"
      }
    },
    "required": [
      "customerId",
      "erasedAt",
      "personalDataErased"
    ]
  },
  "VoucherStatus": {
    "enum": [
      "active",
      "expired",
      "used",
      "voided"
    ],
    "type": "string"
  },
  "OfferNow": {
    "description": "An offer a member may use now, with the uses they have left of it (null: no limit).",
    "anyOf": [
      {
        "allOf": [
          {
            "$ref": "#/components/schemas/OfferTerms"
          },
          {
            "$ref": "#/components/schemas/AmountOff"
          },
          {
            "type": "object",
            "properties": {
              "usesLeft": {
                "type": "number",
                "nullable": true
              }
            },
            "required": [
              "usesLeft"
            ]
          }
        ]
      },
      {
        "allOf": [
          {
            "$ref": "#/components/schemas/OfferTerms"
          },
          {
            "$ref": "#/components/schemas/Bundle"
          },
          {
            "type": "object",
            "properties": {
              "usesLeft": {
                "type": "number",
                "nullable": true
              }
            },
            "required": [
              "usesLeft"
            ]
          }
        ]
      },
      {
        "allOf": [
          {
            "$ref": "#/components/schemas/OfferTerms"
          },
          {
            "$ref": "#/components/schemas/PercentOff"
          },
          {
            "type": "object",
            "properties": {
              "usesLeft": {
                "type": "number",
                "nullable": true
              }
            },
            "required": [
              "usesLeft"
            ]
          }
        ]
      }
    ]
  },
  "TillFacts": {
    "description": "What a till is shown of a member before a sale (the till's summary), each fact a list that every\nrule may add to: the rewards the member's points pay for now, and the points that expire next\n(when the program's points expire), the vouchers they can use, the offers they may use now.",
    "type": "object",
    "properties": {
      "redeemable": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "rewardId": {
              "type": "string"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "points",
            "rewardId"
          ]
        }
      },
      "expiring": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "points": {
              "type": "number"
            },
            "expiresAt": {
              "type": "string"
            }
          },
          "required": [
            "expiresAt",
            "points"
          ]
        }
      },
      "vouchers": {
        "description": "Vouchers in the member's wallet that the till can take now (the member shows the code).",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "voucherId": {
              "type": "string"
            },
            "benefit": {
              "$ref": "#/components/schemas/VoucherBenefit"
            },
            "validUntil": {
              "type": "string"
            }
          },
          "required": [
            "benefit",
            "validUntil",
            "voucherId"
          ]
        }
      },
      "offers": {
        "description": "Member-only offers the member may use now, with the uses they have left of each (null: no limit).",
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/OfferNow"
        }
      }
    },
    "required": [
      "expiring",
      "offers",
      "redeemable",
      "vouchers"
    ]
  },
  "Reflecting": {
    "description": "Every read-model answer says which event it reflects, so a reader knows how fresh it is.",
    "type": "object",
    "properties": {
      "checkpoint": {
        "type": "string",
        "nullable": true
      },
      "checkpointRecordedAt": {
        "description": "When the event at the checkpoint was recorded (null before the first, or for a checkpoint written without it).",
        "type": "string",
        "nullable": true
      },
      "generation": {
        "type": "string"
      }
    },
    "required": [
      "checkpoint",
      "checkpointRecordedAt",
      "generation"
    ]
  },
  "CustomerView": {
    "type": "object",
    "properties": {
      "pendingPoints": {
        "description": "Points a rule decided but holds back until a window closes (a referral bonus waiting for returns): not spendable yet.",
        "type": "number"
      },
      "qualifyingSpend": {
        "type": "number"
      },
      "lifetimeEarned": {
        "type": "number"
      },
      "lifetimeRedeemed": {
        "type": "number"
      },
      "lifetimeReversed": {
        "type": "number"
      },
      "lifetimeExpired": {
        "type": "number"
      },
      "expiring": {
        "description": "The next dates points expire, with how many (lots.ts).",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "points": {
              "type": "number"
            },
            "expiresAt": {
              "type": "string"
            }
          },
          "required": [
            "expiresAt",
            "points"
          ]
        }
      },
      "purchaseCount": {
        "type": "number"
      },
      "totalSpend": {
        "type": "number"
      },
      "tierSince": {
        "type": "string",
        "nullable": true
      },
      "referralCode": {
        "type": "string",
        "nullable": true
      },
      "firstPurchaseAt": {
        "type": "string",
        "nullable": true
      },
      "lastPurchaseAt": {
        "type": "string",
        "nullable": true
      },
      "cardNumber": {
        "description": "The member's card number and birthday; null when not given or once erased.",
        "type": "string",
        "nullable": true
      },
      "birthday": {
        "type": "string",
        "nullable": true
      },
      "personalDataErased": {
        "type": "boolean"
      },
      "customerId": {
        "type": "string"
      },
      "stage": {
        "$ref": "#/components/schemas/Stage"
      },
      "points": {
        "description": "The balance right after the command.",
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "birthday",
      "cardNumber",
      "customerId",
      "expiring",
      "firstPurchaseAt",
      "lastPurchaseAt",
      "lifetimeEarned",
      "lifetimeExpired",
      "lifetimeRedeemed",
      "lifetimeReversed",
      "pendingPoints",
      "personalDataErased",
      "points",
      "purchaseCount",
      "qualifyingSpend",
      "referralCode",
      "stage",
      "tier",
      "tierSince",
      "totalSpend"
    ]
  },
  "LotView": {
    "description": "One lot of a customer (lots.ts), with the redemptions that used its points.",
    "type": "object",
    "properties": {
      "lotId": {
        "type": "number"
      },
      "reason": {
        "type": "string"
      },
      "receiptId": {
        "type": "string",
        "nullable": true
      },
      "earnedAt": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string",
        "nullable": true
      },
      "earned": {
        "type": "number"
      },
      "used": {
        "type": "number"
      },
      "usedBy": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "redemptionId": {
              "type": "string"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "points",
            "redemptionId"
          ]
        }
      },
      "reversed": {
        "type": "number"
      },
      "expired": {
        "type": "number"
      },
      "left": {
        "type": "number"
      }
    },
    "required": [
      "earned",
      "earnedAt",
      "expired",
      "expiresAt",
      "left",
      "lotId",
      "reason",
      "receiptId",
      "reversed",
      "used",
      "usedBy"
    ]
  },
  "BalanceAsOf": {
    "description": "What a balance on a past date answers, to a till's back office or an auditor alike.",
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "asOf": {
        "type": "string"
      },
      "points": {
        "type": "number"
      },
      "tier": {
        "type": "string",
        "nullable": true
      },
      "lifetimeEarned": {
        "type": "number"
      },
      "lifetimeRedeemed": {
        "type": "number"
      },
      "lifetimeReversed": {
        "type": "number"
      },
      "lifetimeExpired": {
        "type": "number"
      }
    },
    "required": [
      "asOf",
      "customerId",
      "lifetimeEarned",
      "lifetimeExpired",
      "lifetimeRedeemed",
      "lifetimeReversed",
      "points",
      "tier"
    ]
  },
  "LedgerPage": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "events": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/LedgerEntry"
        }
      },
      "nextRevision": {
        "description": "The revision to ask for next, or null at the end of the ledger.",
        "type": "number",
        "nullable": true
      }
    },
    "required": [
      "customerId",
      "events",
      "nextRevision"
    ]
  },
  "LedgerEntry": {
    "type": "object",
    "properties": {
      "revision": {
        "type": "number"
      },
      "eventId": {
        "type": "string"
      },
      "type": {
        "type": "string"
      },
      "data": {},
      "recordedAt": {
        "type": "string"
      },
      "correlationId": {
        "type": "string"
      },
      "principal": {
        "type": "string"
      }
    },
    "required": [
      "data",
      "eventId",
      "recordedAt",
      "revision",
      "type"
    ]
  },
  "Cohort": {
    "type": "object",
    "properties": {
      "cohortMonth": {
        "type": "string"
      },
      "customers": {
        "type": "number"
      },
      "active": {
        "type": "array",
        "items": {
          "type": "number"
        }
      },
      "retention": {
        "description": "active[k] ÷ customers.",
        "type": "array",
        "items": {
          "type": "number",
          "nullable": true
        }
      }
    },
    "required": [
      "active",
      "cohortMonth",
      "customers",
      "retention"
    ]
  },
  "Totals": {
    "type": "object",
    "properties": {
      "newBuyers": {
        "type": "number"
      },
      "newRepeatCustomers": {
        "type": "number"
      },
      "newMembers": {
        "type": "number"
      },
      "newMembersWhoBought": {
        "type": "number"
      }
    },
    "required": [
      "newBuyers",
      "newMembers",
      "newMembersWhoBought",
      "newRepeatCustomers"
    ]
  },
  "Record_string_unknown_": {
    "type": "object"
  },
  "Month": {
    "allOf": [
      {
        "type": "object"
      },
      {
        "type": "object",
        "properties": {
          "purchasesPerCustomer": {
            "type": "number",
            "nullable": true
          },
          "repeatPurchaseRate": {
            "type": "number",
            "nullable": true
          }
        },
        "required": [
          "purchasesPerCustomer",
          "repeatPurchaseRate"
        ]
      }
    ]
  },
  "Totals_1": {
    "type": "object",
    "properties": {
      "answers": {
        "type": "number"
      },
      "promoters": {
        "type": "number"
      },
      "passives": {
        "type": "number"
      },
      "detractors": {
        "type": "number"
      },
      "csatAnswers": {
        "type": "number"
      },
      "csatSum": {
        "type": "number"
      },
      "csatSatisfied": {
        "type": "number"
      }
    },
    "required": [
      "answers",
      "csatAnswers",
      "csatSatisfied",
      "csatSum",
      "detractors",
      "passives",
      "promoters"
    ]
  },
  "Totals_2": {
    "type": "object",
    "properties": {
      "registered": {
        "type": "number"
      },
      "qualified": {
        "type": "number"
      },
      "refereeBonusPoints": {
        "type": "number"
      },
      "referrerBonusPoints": {
        "type": "number"
      }
    },
    "required": [
      "qualified",
      "refereeBonusPoints",
      "referrerBonusPoints",
      "registered"
    ]
  },
  "Liability": {
    "type": "object",
    "properties": {
      "earned": {
        "type": "number"
      },
      "redeemed": {
        "type": "number"
      },
      "reversed": {
        "type": "number"
      },
      "expired": {
        "type": "number"
      },
      "redemptionRate": {
        "type": "number",
        "nullable": true
      },
      "pointValue": {
        "type": "number",
        "nullable": true
      },
      "byTier": {
        "type": "array",
        "items": {
          "allOf": [
            {
              "type": "object"
            },
            {
              "$ref": "#/components/schemas/Money"
            }
          ]
        }
      },
      "outstanding": {
        "type": "number"
      },
      "value": {
        "description": "outstanding × pointValue; null without a point value in the program.",
        "type": "number",
        "nullable": true
      },
      "breakageRate": {
        "description": "expired ÷ (expired + redeemed) over the lots closed so far; null before any closed.",
        "type": "number",
        "nullable": true
      },
      "deferredRevenue": {
        "description": "value × (1 − breakage rate): the revenue deferred for points still to be redeemed.",
        "type": "number",
        "nullable": true
      },
      "expiring": {
        "description": "Points expiring in each of the next twelve months (the tenant's local months), from this one.",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "month": {
              "type": "string"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "month",
            "points"
          ]
        }
      }
    },
    "required": [
      "breakageRate",
      "byTier",
      "deferredRevenue",
      "earned",
      "expired",
      "expiring",
      "outstanding",
      "pointValue",
      "redeemed",
      "redemptionRate",
      "reversed",
      "value"
    ]
  },
  "Money": {
    "description": "What points outstanding are worth, and what is expected of them (IFRS 15): see docs/read-models.md.",
    "type": "object",
    "properties": {
      "outstanding": {
        "type": "number"
      },
      "value": {
        "description": "outstanding × pointValue; null without a point value in the program.",
        "type": "number",
        "nullable": true
      },
      "breakageRate": {
        "description": "expired ÷ (expired + redeemed) over the lots closed so far; null before any closed.",
        "type": "number",
        "nullable": true
      },
      "deferredRevenue": {
        "description": "value × (1 − breakage rate): the revenue deferred for points still to be redeemed.",
        "type": "number",
        "nullable": true
      },
      "expiring": {
        "description": "Points expiring in each of the next twelve months (the tenant's local months), from this one.",
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "month": {
              "type": "string"
            },
            "points": {
              "type": "number"
            }
          },
          "required": [
            "month",
            "points"
          ]
        }
      }
    },
    "required": [
      "breakageRate",
      "deferredRevenue",
      "expiring",
      "outstanding",
      "value"
    ]
  },
  "CampaignAnswer": {
    "type": "object",
    "properties": {
      "campaignId": {
        "type": "string"
      },
      "name": {
        "type": "string",
        "nullable": true
      },
      "budget": {
        "type": "number",
        "nullable": true
      },
      "budgetLeft": {
        "description": "The budget less the points given, plus those taken back (over the rows asked for).",
        "type": "number",
        "nullable": true
      },
      "campaign": {
        "type": "object",
        "properties": {
          "members": {
            "type": "number"
          },
          "receipts": {
            "type": "number"
          },
          "spend": {
            "type": "number"
          },
          "spendPerMember": {
            "type": "number",
            "nullable": true
          }
        },
        "required": [
          "members",
          "receipts",
          "spend",
          "spendPerMember"
        ]
      },
      "holdout": {
        "type": "object",
        "properties": {
          "members": {
            "type": "number"
          },
          "receipts": {
            "type": "number"
          },
          "spend": {
            "type": "number"
          },
          "spendPerMember": {
            "type": "number",
            "nullable": true
          }
        },
        "required": [
          "members",
          "receipts",
          "spend",
          "spendPerMember"
        ]
      },
      "days": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "date": {
              "type": "string"
            },
            "receipts": {
              "type": "number"
            },
            "pointsGiven": {
              "type": "number"
            },
            "pointsTakenBack": {
              "type": "number"
            },
            "exhaustedReceipts": {
              "type": "number"
            },
            "budgetLeft": {
              "type": "number",
              "nullable": true
            }
          },
          "required": [
            "budgetLeft",
            "date",
            "exhaustedReceipts",
            "pointsGiven",
            "pointsTakenBack",
            "receipts"
          ]
        }
      }
    },
    "required": [
      "budget",
      "budgetLeft",
      "campaign",
      "campaignId",
      "days",
      "holdout",
      "name"
    ]
  },
  "OffersAnswer": {
    "type": "object",
    "properties": {
      "offers": {
        "type": "array",
        "items": {
          "allOf": [
            {
              "type": "object",
              "properties": {
                "offerId": {
                  "type": "string"
                },
                "name": {
                  "type": "string",
                  "nullable": true
                }
              },
              "required": [
                "name",
                "offerId"
              ]
            },
            {
              "type": "object",
              "properties": {
                "receipts": {
                  "type": "number"
                },
                "discount": {
                  "type": "number"
                },
                "spend": {
                  "type": "number"
                }
              },
              "required": [
                "discount",
                "receipts",
                "spend"
              ]
            },
            {
              "type": "object",
              "properties": {
                "days": {
                  "type": "array",
                  "items": {
                    "allOf": [
                      {
                        "type": "object",
                        "properties": {
                          "date": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "date"
                        ]
                      },
                      {
                        "type": "object",
                        "properties": {
                          "receipts": {
                            "type": "number"
                          },
                          "discount": {
                            "type": "number"
                          },
                          "spend": {
                            "type": "number"
                          }
                        },
                        "required": [
                          "discount",
                          "receipts",
                          "spend"
                        ]
                      }
                    ]
                  }
                }
              },
              "required": [
                "days"
              ]
            }
          ]
        }
      },
      "tierDiscounts": {
        "type": "array",
        "items": {
          "allOf": [
            {
              "type": "object",
              "properties": {
                "tier": {
                  "type": "string"
                }
              },
              "required": [
                "tier"
              ]
            },
            {
              "type": "object",
              "properties": {
                "receipts": {
                  "type": "number"
                },
                "discount": {
                  "type": "number"
                },
                "spend": {
                  "type": "number"
                }
              },
              "required": [
                "discount",
                "receipts",
                "spend"
              ]
            },
            {
              "type": "object",
              "properties": {
                "days": {
                  "type": "array",
                  "items": {
                    "allOf": [
                      {
                        "type": "object",
                        "properties": {
                          "date": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "date"
                        ]
                      },
                      {
                        "type": "object",
                        "properties": {
                          "receipts": {
                            "type": "number"
                          },
                          "discount": {
                            "type": "number"
                          },
                          "spend": {
                            "type": "number"
                          }
                        },
                        "required": [
                          "discount",
                          "receipts",
                          "spend"
                        ]
                      }
                    ]
                  }
                }
              },
              "required": [
                "days"
              ]
            }
          ]
        }
      }
    },
    "required": [
      "offers",
      "tierDiscounts"
    ]
  },
  "Totals_4": {
    "type": "object",
    "properties": {
      "used": {
        "type": "number"
      },
      "voided": {
        "type": "number"
      },
      "issuedByStampCards": {
        "type": "number"
      },
      "issuedByGifts": {
        "type": "number"
      },
      "issuedForPoints": {
        "type": "number"
      },
      "usesCancelled": {
        "type": "number"
      },
      "stampsCollected": {
        "type": "number"
      },
      "stampsTakenBack": {
        "type": "number"
      }
    },
    "required": [
      "issuedByGifts",
      "issuedByStampCards",
      "issuedForPoints",
      "stampsCollected",
      "stampsTakenBack",
      "used",
      "usesCancelled",
      "voided"
    ]
  },
  "Totals_5": {
    "type": "object",
    "properties": {
      "points": {
        "type": "number"
      },
      "codesGiven": {
        "type": "number"
      }
    },
    "required": [
      "codesGiven",
      "points"
    ]
  },
  "FeedbackCommentsPage": {
    "type": "object",
    "properties": {
      "comments": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/FeedbackComment"
        }
      },
      "scanned": {
        "description": "Events read for this page.",
        "type": "number"
      },
      "nextBefore": {
        "description": "Where to read on (older events), or null once the start of the store was reached.",
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "comments",
      "nextBefore",
      "scanned"
    ]
  },
  "FeedbackComment": {
    "type": "object",
    "properties": {
      "customerId": {
        "type": "string"
      },
      "feedbackId": {
        "type": "string"
      },
      "storeId": {
        "type": "string"
      },
      "nps": {
        "type": "number"
      },
      "csat": {
        "type": "number",
        "nullable": true
      },
      "comment": {
        "type": "string"
      },
      "occurredAt": {
        "type": "string"
      },
      "position": {
        "type": "string"
      }
    },
    "required": [
      "comment",
      "csat",
      "customerId",
      "feedbackId",
      "nps",
      "occurredAt",
      "position",
      "storeId"
    ]
  },
  "Record_string_HealthReport_": {
    "type": "object"
  }
};
