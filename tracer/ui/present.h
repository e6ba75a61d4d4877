/* tracer/ui/present.h: putting frames on a window, sending the display only the tiles that changed
 * (present.c). The window's renderer is a software renderer on its surface. */
#ifndef IPCTRACE_PRESENT_H
#define IPCTRACE_PRESENT_H
#include <SDL.h>

struct presenter;

/* A presenter for win (its surface and a software renderer on it); NULL with SDL_GetError() on failure. */
struct presenter *presenter_new(SDL_Window *win);
void presenter_free(struct presenter *p);
/* The renderer to draw frames with (it changes when the window is resized: presenter_resized). */
SDL_Renderer *presenter_renderer(const struct presenter *p);
/* After a window size change: 1 if the renderer was replaced (textures made for the old one are gone), 0 if
 * nothing changed, -1 on failure. */
int presenter_resized(struct presenter *p);
/* The window was uncovered or mapped (SDL_WINDOWEVENT_EXPOSED): an X server without a compositor keeps no copy of
 * it, so the next present sends the whole frame, not only what changed. */
void presenter_exposed(struct presenter *p);
/* Send the frame drawn since the last present: only the tiles that differ from the last one. Returns the pixels
 * sent. */
int presenter_present(struct presenter *p);

#endif
