import type { Family, FamilyDocs } from "./types";

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
      admit: true,
      bills: true,
      okCodes: [0, 200],
    },
    {
      id: "omni/character",
      family: "omni",
      name: "character",
      method: "POST",
      path: "/api/v1/omni/character/create",
      admit: true,
      bills: true,
      okCodes: [0, 200],
    },
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const omniDocs: FamilyDocs = {
  "omni/audio": {
    summary: "Create a voice from a preset (kie.ai answers code 0 on success)",
    example: { audio_id: "achernar", name: "Narrator" },
  },
  "omni/character": {
    summary: "Create a character from one image",
    example: { descriptions: "a fox in a red scarf", image_urls: ["https://tempfile.aiquickdraw.com/r/fox.png"] },
  },
};
