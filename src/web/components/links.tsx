// Mantine components as typed router links (TanStack's createLink): `to`, `params` and `search` are
// checked against the route tree, and the anchors are real <a href> for keyboard, middle-click and copy.
import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
} from "@mantine/core";
import { createLink, type LinkComponent } from "@tanstack/react-router";
import { forwardRef } from "react";

type AnchorAttrs = Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "color" | "style">;

const AnchorBase = forwardRef<HTMLAnchorElement, AnchorProps & AnchorAttrs>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
const CreatedAnchor = createLink(AnchorBase);
export const AnchorLink: LinkComponent<typeof AnchorBase> = (props) => <CreatedAnchor {...props} />;

const ButtonBase = forwardRef<HTMLAnchorElement, ButtonProps & AnchorAttrs>((props, ref) => (
  <Button ref={ref} component="a" {...props} />
));
const CreatedButton = createLink(ButtonBase);
export const ButtonLink: LinkComponent<typeof ButtonBase> = (props) => <CreatedButton {...props} />;

const NavLinkBase = forwardRef<HTMLAnchorElement, NavLinkProps & AnchorAttrs>((props, ref) => (
  <NavLink ref={ref} component="a" {...props} />
));
const CreatedNavLink = createLink(NavLinkBase);
export const NavLinkItem: LinkComponent<typeof NavLinkBase> = (props) => <CreatedNavLink {...props} />;
