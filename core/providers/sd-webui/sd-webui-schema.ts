import { z } from "zod";

/**
 * The part of the txt2img answer we use: `images` as base64 (PNG unless the server's
 * samples_format says otherwise; the bytes are sniffed either way). `parameters` and `info`
 * echo the request and are ignored.
 */
export const sdWebUiResponse = z.object({
  images: z.array(z.string().min(1)).min(1),
});
