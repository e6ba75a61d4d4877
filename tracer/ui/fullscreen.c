/* tracer/ui/fullscreen.c: full screen with and without a window manager. On X11, SDL asks the window manager for
 * the full-screen state (a _NET_WM_STATE client message, Extended Window Manager Hints 1.5, "_NET_WM_STATE") and
 * at once reports the window as the display's size; on an X server with no window manager (xinit, Xvfb) nobody
 * answers, the X window keeps its size, and the frames drawn for the display's size show black or cropped. A
 * window manager that follows the hints says so on the root window (_NET_SUPPORTING_WM_CHECK, and
 * _NET_WM_STATE_FULLSCREEN among _NET_SUPPORTED): without that, the window covers the display by moving and
 * sizing itself, which a bare X server does at once. libX11 is the one SDL has loaded; it is looked up, not
 * linked, so ipctrace still runs where there is no X11 at all. */
#include <SDL_syswm.h>
#include "fullscreen.h"

#if defined(SDL_VIDEO_DRIVER_X11)
/* Does a root-window property list the atom want? (want == None: does the property exist at all) */
static int root_has(Display *d, const char *prop, const char *want)
{
	void *lib = SDL_LoadObject("libX11.so.6");
	if (!lib)
		return 0;
	__typeof__(XInternAtom) *intern = (__typeof__(XInternAtom) *)SDL_LoadFunction(lib, "XInternAtom");
	__typeof__(XGetWindowProperty) *getprop = (__typeof__(XGetWindowProperty) *)SDL_LoadFunction(lib, "XGetWindowProperty");
	__typeof__(XDefaultRootWindow) *root = (__typeof__(XDefaultRootWindow) *)SDL_LoadFunction(lib, "XDefaultRootWindow");
	__typeof__(XFree) *xfree = (__typeof__(XFree) *)SDL_LoadFunction(lib, "XFree");
	int found = 0;
	if (intern && getprop && root && xfree) {
		Atom p = intern(d, prop, True), w = want ? intern(d, want, True) : None;
		Atom type;
		int format;
		unsigned long n = 0, left;
		unsigned char *data = NULL;
		if (p != None && (!want || w != None) &&
		    getprop(d, root(d), p, 0, 4096, False, AnyPropertyType, &type, &format, &n, &left, &data) == Success) {
			if (!want)
				found = type != None && n > 0;
			else if (format == 32)   /* a list of atoms: Xlib gives them as longs */
				for (unsigned long i = 0; i < n && !found; i++)
					found = ((const unsigned long *)data)[i] == w;
		}
		if (data)
			xfree(data);
	}
	SDL_UnloadObject(lib);
	return found;
}
#endif

/* Will the window system answer a full-screen request? */
static int has_window_manager(SDL_Window *w)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!SDL_GetWindowWMInfo(w, &info))
		return 1;
#if defined(SDL_VIDEO_DRIVER_X11)
	if (info.subsystem == SDL_SYSWM_X11)
		return root_has(info.info.x11.display, "_NET_SUPPORTING_WM_CHECK", NULL) &&
		       root_has(info.info.x11.display, "_NET_SUPPORTED", "_NET_WM_STATE_FULLSCREEN");
#endif
	return 1;   /* Wayland, and the rest: the compositor does it */
}

int fullscreen_set(SDL_Window *w, struct fullscreen *fs, int on)
{
	if (on == fs->on)
		return 0;
	if (on) {
		SDL_GetWindowPosition(w, &fs->windowed.x, &fs->windowed.y);
		SDL_GetWindowSize(w, &fs->windowed.w, &fs->windowed.h);
		fs->by_hand = !has_window_manager(w);
	}
	SDL_Rect r = fs->windowed;
	if (!fs->by_hand) {
		if (SDL_SetWindowFullscreen(w, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) < 0)
			return -1;
		fs->on = on;
		return 0;
	}
	if (on && SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(w), &r) < 0)
		return -1;
	fs->on = on;
	SDL_SetWindowPosition(w, r.x, r.y);
	SDL_SetWindowSize(w, r.w, r.h);
	if (on)
		SDL_RaiseWindow(w);
	return 0;
}
