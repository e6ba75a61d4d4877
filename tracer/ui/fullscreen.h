/* tracer/ui/fullscreen.h: full screen that works with and without a window manager. */
#ifndef IPCTRACE_FULLSCREEN_H
#define IPCTRACE_FULLSCREEN_H
#include <SDL.h>

/* A window's full-screen state and what to go back to. */
struct fullscreen {
	int on;
	int by_hand;             /* no window manager: the window itself covers the display */
	SDL_Rect windowed;       /* its position and size before, to go back to */
};

/* Make window w cover its display (on = 1) or go back to its size and place before (on = 0). With a window
 * manager, its full-screen state (SDL_WINDOW_FULLSCREEN_DESKTOP); without one (a bare X server: xinit, Xvfb),
 * nobody answers that request, and SDL still takes the window to be the display's size, so the window is moved
 * and sized to cover the display itself. Returns 0, -1 with SDL_GetError. */
int fullscreen_set(SDL_Window *w, struct fullscreen *fs, int on);

#endif
