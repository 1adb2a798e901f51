/*
 * qr.c - QR codes as SVG and as terminal text (qr.h), on libqrencode.
 * Error correction level M (15%): a code shown on a screen is read from
 * a phone camera, where glare and moiré are the usual damage.
 */
#include "qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define QUIET 4

static int encode(const char *text, QRcode **out, struct err *err)
{
	if (!text || !*text)
		return err_set(err, HIM_EUSAGE, "nothing to encode as a QR code");
	*out = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!*out)
		return err_set(err, HIM_EINPUT, "the text cannot be encoded as a QR code (%zu bytes)", strlen(text));
	return HIM_OK;
}

static bool dark(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return false;
	return q->data[y * q->width + x] & 1;
}

int qr_svg(const char *text, int scale, char **out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	QRcode *q;
	int rc, size;

	*out = NULL;
	if (scale < 1 || scale > 32)
		scale = 4;
	if ((rc = encode(text, &q, err)) != HIM_OK)
		return rc;
	size = (q->width + 2 * QUIET) * scale;
	strbuf_addf(&sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
			 " shape-rendering=\"crispEdges\" role=\"img\">"
			 "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		    size, size, q->width + 2 * QUIET, q->width + 2 * QUIET, q->width + 2 * QUIET,
		    q->width + 2 * QUIET);
	/* One path of unit squares in module coordinates; the viewBox scales. */
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (dark(q, x, y))
				strbuf_addf(&sb, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
	strbuf_adds(&sb, "\"/></svg>");
	QRcode_free(q);
	*out = strbuf_detach(&sb, NULL);
	return HIM_OK;
}

int qr_terminal(const char *text, char **out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	QRcode *q;
	int rc;

	*out = NULL;
	if ((rc = encode(text, &q, err)) != HIM_OK)
		return rc;
	for (int y = -QUIET; y < q->width + QUIET; y += 2) {
		for (int x = -QUIET; x < q->width + QUIET; x++) {
			/* Light modules are drawn: the terminal's dark
			 * background is the code's dark. */
			bool top = !dark(q, x, y), bottom = y + 1 < q->width + QUIET && !dark(q, x, y + 1);

			if (top && bottom)
				strbuf_adds(&sb, "\xe2\x96\x88"); /* █ */
			else if (top)
				strbuf_adds(&sb, "\xe2\x96\x80"); /* ▀ */
			else if (bottom)
				strbuf_adds(&sb, "\xe2\x96\x84"); /* ▄ */
			else
				strbuf_addch(&sb, ' ');
		}
		strbuf_addch(&sb, '\n');
	}
	QRcode_free(q);
	*out = strbuf_detach(&sb, NULL);
	return HIM_OK;
}
