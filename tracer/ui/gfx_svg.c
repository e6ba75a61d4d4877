/* tracer/ui/gfx_svg.c: a frame as SVG, for slides that scale: while a frame is drawn with g->svg set, gfx's
 * primitives also write what they draw here, in drawing order (SVG 1.1, W3C REC "Scalable Vector Graphics 1.1",
 * sections 9 basic shapes, 10 text, 14.3 clipping paths): rectangles, polygons (thick lines, arrow heads, rings
 * and discs, as the renderer's own triangles outline them), text in the DejaVu fonts the window uses at the same
 * pixel size and position, and each clip rectangle as a clipPath around what follows it. */
#include <stdio.h>
#include <string.h>
#include "gfx.h"

static const char *const families[FF_COUNT] = { "DejaVu Sans", "DejaVu Sans", "DejaVu Sans Mono" };

/* fill="rgb(...)" and its opacity. */
static void paint(FILE *f, SDL_Color c)
{
	fprintf(f, " fill=\"#%02x%02x%02x\"", c.r, c.g, c.b);
	if (c.a != 255)
		fprintf(f, " fill-opacity=\"%.3f\"", c.a / 255.0);
}

void gfx_svg_begin(struct gfx *g, FILE *f)
{
	g->svg = f;
	g->svg_clips = 0;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n"
		   "<g>\n", g->w, g->h, g->w, g->h);
}

int gfx_svg_end(struct gfx *g)
{
	FILE *f = g->svg;
	if (!f)
		return 0;
	fprintf(f, "</g>\n</svg>\n");
	g->svg = NULL;
	return ferror(f) ? -1 : 0;
}

void svg_rect(struct gfx *g, SDL_Rect r, SDL_Color c)
{
	if (r.w <= 0 || r.h <= 0 || c.a == 0)
		return;
	fprintf(g->svg, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"", r.x, r.y, r.w, r.h);
	paint(g->svg, c);
	fprintf(g->svg, "/>\n");
}

void svg_poly(struct gfx *g, const SDL_Vertex *v, const int *order, int n, SDL_Color c)
{
	if (n < 3 || c.a == 0)
		return;
	fprintf(g->svg, "<polygon points=\"");
	for (int i = 0; i < n; i++) {
		const SDL_Vertex *p = &v[order ? order[i] : i];
		fprintf(g->svg, "%s%.1f,%.1f", i ? " " : "", p->position.x, p->position.y);
	}
	fprintf(g->svg, "\"");
	paint(g->svg, c);
	fprintf(g->svg, "/>\n");
}

/* One UTF-8 sequence at p: its length (1..4) and code point in *cp, or 0 if it is not well-formed (RFC 3629
 * section 4: no overlong forms, no surrogates, nothing above U+10FFFF). */
static int utf8_seq(const unsigned char *p, unsigned *cp)
{
	static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	int n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
	if (n <= 1) {
		*cp = *p;
		return n;
	}
	unsigned c = *p & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* The text s as XML character data (XML 1.0 section 2.2 Char, 2.4 markup): <, > and & escaped; control
 * characters as spaces; bytes that are not UTF-8 (a process name is whatever the trace carried) and U+FFFE,
 * U+FFFF as U+FFFD, the replacement character, as the window's font draws them. */
static void svg_chars(FILE *f, const unsigned char *p)
{
	while (*p) {
		unsigned cp;
		int n = utf8_seq(p, &cp);
		if (n == 0 || cp == 0xfffe || cp == 0xffff) {
			fputs("\xef\xbf\xbd", f);
			p += n ? n : 1;
		} else if (cp == '<')
			fputs("&lt;", f), p++;
		else if (cp == '>')
			fputs("&gt;", f), p++;
		else if (cp == '&')
			fputs("&amp;", f), p++;
		else if (cp < 0x20)
			fputc(' ', f), p++;
		else
			fwrite(p, 1, (size_t)n, f), p += n;
	}
}

void svg_text(struct gfx *g, int face, int px, int ascent, SDL_Color c, int x, int y, const char *s)
{
	FILE *f = g->svg;
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-family=\"%s\" font-size=\"%d\"%s xml:space=\"preserve\"", x, y + ascent,
		families[face], px, face == FF_SANS_BOLD ? " font-weight=\"bold\"" : "");
	paint(f, c);
	fputc('>', f);
	svg_chars(f, (const unsigned char *)s);
	fputs("</text>\n", f);
}

void svg_clip(struct gfx *g, const SDL_Rect *r)
{
	FILE *f = g->svg;
	fprintf(f, "</g>\n");
	if (!r || !r->w) {
		fprintf(f, "<g>\n");
		return;
	}
	int id = ++g->svg_clips;
	fprintf(f, "<clipPath id=\"c%d\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></clipPath>\n<g clip-path=\"url(#c%d)\">\n",
		id, r->x, r->y, r->w, r->h, id);
}
