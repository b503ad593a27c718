/**
 * How fast a screen shows frames, by default and at most. Both sides' pages and the video writer
 * use these; the numbers come from the goodput table of the link benchmark (docs/bench/optical.md):
 * a 30 fps webcam recovered every message at up to 20 frames a second shown, none at 30.
 */

/** Frames shown per second when none is chosen. */
export const DEFAULT_DISPLAY_FPS = 10;

/** The rates an operator may pick on the pages. */
export const DISPLAY_FPS_CHOICES: readonly number[] = [5, 8, 10, 12, 15, 20];
