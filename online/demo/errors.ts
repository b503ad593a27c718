/**
 * The one error class of the demo. Callers switch on `code`, never on the message text.
 * `step` names the demo step that failed, where there is one; its log file says the rest.
 */
import { CodedError } from '../../protocol/coded-error.ts';

export type DemoErrorCode =
  | 'USAGE'
  | 'DIR_NOT_EMPTY'
  | 'TOOL_MISSING'
  | 'PROGRAM_MISSING'
  | 'SAMPLE_MISSING'
  | 'STEP_FAILED'
  | 'UNEXPECTED_OUTPUT'
  | 'VERIFY_FAILED';

export class DemoError extends CodedError<DemoErrorCode> {
  override readonly name = 'DemoError';
  readonly step: string | undefined;

  constructor(code: DemoErrorCode, message: string, options: { cause?: unknown; step?: string } = {}) {
    super(code, message, options);
    this.step = options.step;
  }
}
