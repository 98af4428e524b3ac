/**
 * Issue #19: a job may start from an image. The job keeps its own stored copy (the key of the
 * object, not the bytes: objects live in object storage like results) and the strength.
 * Versions 5 and 6 belong to other branches; versions apply by number, not by order.
 */
export const SCHEMA_V7_INPUT_IMAGES = `
ALTER TABLE generation_jobs ADD COLUMN input_image_key TEXT;
ALTER TABLE generation_jobs ADD COLUMN strength REAL;
`;
