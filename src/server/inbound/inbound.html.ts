import type sanitize from "sanitize-html";
import { lazyRequire } from "../lazy.js";

const sanitizer = lazyRequire<typeof sanitize>("sanitize-html");

/**
 * An email's HTML as it may be shown to staff: text formatting, links and tables only. No scripts, event
 * handlers, styles, iframes, forms or embedded objects (they run or leak when a colleague opens the case),
 * and no remote images (a tracking pixel tells the sender when and where the mail was read). Images stay
 * only when they travel inside the message (`cid:` parts, `data:` URIs).
 */
export function sanitizeEmailHtml(html: string): string {
  const sanitizeHtml = sanitizer();
  const clean = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img"],
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["cid", "data"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // An image whose remote source was stripped is an empty box: drop it.
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
    },
  });
  return clean.trim();
}
