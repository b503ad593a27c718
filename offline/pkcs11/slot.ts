/** A slot of a module, and the token in it: its info, its mechanisms, sessions on it. */
import { CK, ckmName } from './cryptoki.ts';
import type { Binding, Handle } from './cryptoki.ts';
import { call } from './errors.ts';
import { Session } from './session.ts';
import { tokenInfoFrom } from './token-info.ts';
import type { TokenInfo } from './token-info.ts';

export interface MechanismInfo {
  readonly mechanism: number;
  readonly name: string;
  readonly minKeySize: number;
  readonly maxKeySize: number;
  readonly canSign: boolean;
}

export class Slot {
  constructor(
    private readonly binding: Binding,
    readonly id: Handle,
  ) {}

  /** The slot id as a number, as pkcs11-tool and softhsm2-util print it. */
  get number(): number {
    return this.id.length >= 8 ? Number(this.id.readBigUInt64LE(0)) : this.id.readUInt32LE(0);
  }

  token(): TokenInfo {
    return tokenInfoFrom(call('C_GetTokenInfo', () => this.binding.C_GetTokenInfo(this.id)));
  }

  mechanismList(): number[] {
    return call('C_GetMechanismList', () => this.binding.C_GetMechanismList(this.id));
  }

  mechanisms(): MechanismInfo[] {
    return this.mechanismList().map((mechanism) => {
      const info = call(`C_GetMechanismInfo ${ckmName(mechanism)}`, () => this.binding.C_GetMechanismInfo(this.id, mechanism));
      return {
        mechanism,
        name: ckmName(mechanism),
        minKeySize: info.minKeySize,
        maxKeySize: info.maxKeySize,
        canSign: (info.flags & CK.CKF_SIGN) !== 0,
      };
    });
  }

  /** Opens a session; read-write only when the caller will create objects (key ceremony). */
  openSession(readWrite = false): Session {
    const flags = CK.CKF_SERIAL_SESSION | (readWrite ? CK.CKF_RW_SESSION : 0);
    const handle = call('C_OpenSession', () => this.binding.C_OpenSession(this.id, flags));
    return new Session(this.binding, handle, this);
  }

  /** Closes every session this process holds on the slot (a token pulled out does the same to us). */
  closeAllSessions(): void {
    call('C_CloseAllSessions', () => this.binding.C_CloseAllSessions(this.id));
  }
}
