import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  Notification,
  parseThemeColor,
  type VariantColorsResolver,
} from "@mantine/core";
import { t } from "./strings";

/**
 * Text in a colour, dark enough to read: Mantine's shade 9 darkened a third reaches 4.5:1 (WCAG AA) for
 * every colour on white and on its own pale (light variant) background — shade 9 alone does not for
 * orange or yellow.
 */
export const readableColor = (color: string) =>
  `color-mix(in srgb, var(--mantine-color-${color}-9), black 35%)`;

/** Light badges and alerts with dark text in their colour: readable on their pale background (WCAG AA). */
const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  if (input.variant !== "light") return defaults;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return defaults;
  return { ...defaults, color: readableColor(parsed.color) };
};

// Colours chosen for contrast (WCAG AA on white): Mantine's 7th shades and darker for text on colour.
export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 7 },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  defaultRadius: "sm",
  focusRing: "auto",
  headings: { fontWeight: "650" },
  variantColorResolver,
  components: {
    // Mantine's notification: its close button gets a name (axe: button-name) and its message full text
    // colour, since the default grey on white is under 4.5:1.
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": t.app.close } },
      styles: { description: { color: "var(--mantine-color-text)" } },
    }),
  },
});

/** Dimmed text and error messages a shade darker than Mantine's defaults: 4.5:1 on white (WCAG AA). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": "var(--mantine-color-red-8)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
  },
  dark: {},
});
