/** The version of the wire format. Frames and messages carry it; anything else is refused. */
export const PROTOCOL_VERSION = 1;

/** The version of the programs, as package.json gives it (a test keeps the two equal). */
export const PROGRAM_VERSION = '0.1.0';
