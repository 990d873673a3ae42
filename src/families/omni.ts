import type { Family } from "./types";

/** The Gemini Omni helpers (a voice, a character) for kie.ai's Market `gemini-omni-video`: answered at once. */
export const omni = {
  name: "omni",
  title: "Gemini Omni helpers",
  kinds: [],
  operations: [
    {
      id: "omni/audio",
      family: "omni",
      name: "audio",
      method: "POST",
      path: "/api/v1/omni/audio/create",
      summary: "Create a voice from a preset (kie.ai answers code 0 on success)",
      admit: true,
      bills: true,
      okCodes: [0, 200],
      example: { audio_id: "achernar", name: "Narrator" },
    },
    {
      id: "omni/character",
      family: "omni",
      name: "character",
      method: "POST",
      path: "/api/v1/omni/character/create",
      summary: "Create a character from one image",
      admit: true,
      bills: true,
      okCodes: [0, 200],
      example: { descriptions: "a fox in a red scarf", image_urls: ["https://tempfile.aiquickdraw.com/r/fox.png"] },
    },
  ],
} as const satisfies Family;
