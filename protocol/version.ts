/**
 * The version of the messages on the wire. Every message carries it, and a message of another
 * version is refused as UNKNOWN_VERSION before its schema runs. Version 2 made the signing item a
 * union over the kinds of protocol/kinds (a JAR item has its own `timestamp`) and item signatures
 * name their algorithm as a method ("ecdsa-sha256") instead of an APK algorithm id.
 */
export const PROTOCOL_VERSION = 2;

/**
 * The version of the frame layout (protocol/frames/layout.ts), which frames carry. It has not
 * changed since protocol version 1: a frame of another version is refused as UNKNOWN_VERSION.
 */
export const FRAME_LAYOUT_VERSION = 1;

/** The version of the programs, as package.json gives it (a test keeps the two equal). */
export const PROGRAM_VERSION = '0.1.0';
