import { Command, CommandHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { ProgramService } from '@setia/application';
import type { CommandContext } from '@setia/application';
import { ProgramNotConfigured } from '@setia/domain';
import type { Program, ProgramVersion } from '@setia/domain';

export class ConfigureProgram extends Command<ProgramVersion> {
  constructor(readonly context: CommandContext, readonly program: Program) {
    super();
  }
}

@CommandHandler(ConfigureProgram)
export class ConfigureProgramHandler implements ICommandHandler<ConfigureProgram> {
  constructor(private readonly programs: ProgramService) {}

  execute({ context, program }: ConfigureProgram) {
    return this.programs.configure(program, context);
  }
}

export class GetProgram extends Query<ProgramVersion> {
  constructor(readonly tenant: string) {
    super();
  }
}

@QueryHandler(GetProgram)
export class GetProgramHandler implements IQueryHandler<GetProgram> {
  constructor(private readonly programs: ProgramService) {}

  async execute({ tenant }: GetProgram) {
    const version = await this.programs.current(tenant);
    if (!version) throw new ProgramNotConfigured(tenant);
    return version;
  }
}
