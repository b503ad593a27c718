/** The version of the wire format. Frames and messages carry it; anything else is refused. */
export const PROTOCOL_VERSION = 1;
