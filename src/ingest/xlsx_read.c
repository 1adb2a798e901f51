/*
 * xlsx_read.c - rows of the first worksheet of an XLSX workbook, with
 * libzip and libxml2's streaming xmlTextReader.
 *
 * A workbook is a ZIP of XML parts: xl/workbook.xml lists the sheets in
 * tab order (and whether dates count from 1904), xl/_rels/workbook.xml.rels
 * says which part holds each sheet and the shared strings, and the sheet's
 * cells refer to shared strings by index. The shared strings are loaded
 * (a cell may refer to any of them); the sheet itself is streamed row by
 * row. The parts are untrusted: XML is read without network access or
 * entity expansion, and each part's uncompressed size is capped, so a
 * ZIP bomb stops at the cap instead of exhausting memory.
 */
#include "sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define PART_MAX ((zip_uint64_t)256 << 20) /* uncompressed bytes read from one part */
#define COLUMNS_MAX 1024                   /* cells further right are ignored */

static const char REL_NS[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
static const char REL_NS_STRICT[] = "http://purl.oclc.org/ooxml/officeDocument/relationships";

bool sheet_is_zip(const char *path)
{
	unsigned char magic[4] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

/* One part of the archive, as an XML reader. */
struct part {
	const char *name;
	zip_file_t *zf;
	zip_uint64_t total;
	bool too_big;
	xmlTextReaderPtr reader;
	char error[256]; /* the parser's first complaint */
};

static int part_read(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);

	if (n < 0)
		return -1;
	p->total += (zip_uint64_t)n;
	if (p->total > PART_MAX) {
		p->too_big = true;
		return -1;
	}
	return (int)n;
}

static void part_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
	struct part *p = arg;

	(void)loc;
	if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)
		return;
	if (!p->error[0]) {
		snprintf(p->error, sizeof(p->error), "%s", msg);
		p->error[strcspn(p->error, "\n")] = '\0';
	}
}

/* Open a part; HIM_ENOTFOUND if the archive has no such part. */
static int part_open(struct part *p, zip_t *z, const char *name, struct err *err)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->zf = zip_fopen(z, name, 0);
	if (!p->zf)
		return err_set(err, HIM_ENOTFOUND, "the workbook has no part %s", name);
	/* No network, no entity substitution, no DTD loading: the part is
	 * untrusted, and libxml2's default amplification limits stay on. */
	p->reader = xmlReaderForIO(part_read, NULL, p, name, NULL,
				   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!p->reader) {
		zip_fclose(p->zf);
		return err_set(err, HIM_ENOMEM, "cannot read %s", name);
	}
	xmlTextReaderSetErrorHandler(p->reader, part_error, p);
	return HIM_OK;
}

static void part_close(struct part *p)
{
	if (p->reader)
		xmlFreeTextReader(p->reader);
	if (p->zf)
		zip_fclose(p->zf);
	p->reader = NULL;
	p->zf = NULL;
}

static int part_failed(struct part *p, const char *path, struct err *err)
{
	if (p->too_big)
		return err_set(err, HIM_EINPUT, "%s: %s is larger than %llu MiB uncompressed", path, p->name,
			       (unsigned long long)(PART_MAX >> 20));
	return err_set(err, HIM_EINPUT, "%s: %s is not well-formed XML%s%s", path, p->name,
		       p->error[0] ? ": " : "", p->error);
}

static bool named(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *name = xmlTextReaderConstLocalName(r);
	return name && strcmp((const char *)name, local) == 0;
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

static bool is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

struct workbook {
	char *sheet_rid;      /* r:id of the first sheet */
	char *sheet_part;     /* e.g. "xl/worksheets/sheet1.xml" */
	char *strings_part;   /* NULL if the workbook has no shared strings */
	bool date1904;
	char **strings;
	size_t nstrings, alloc;
};

static void workbook_release(struct workbook *wb)
{
	free(wb->sheet_rid);
	free(wb->sheet_part);
	free(wb->strings_part);
	for (size_t i = 0; i < wb->nstrings; i++)
		free(wb->strings[i]);
	free(wb->strings);
}

static int read_workbook(zip_t *z, const char *path, struct workbook *wb, struct err *err)
{
	struct part p;
	int rc, ok;

	if (part_open(&p, z, "xl/workbook.xml", err) != HIM_OK)
		return err_set(err, HIM_EINPUT, "%s: not an XLSX workbook (no xl/workbook.xml)", path);
	while ((ok = xmlTextReaderRead(p.reader)) == 1) {
		if (xmlTextReaderNodeType(p.reader) != XML_READER_TYPE_ELEMENT)
			continue;
		if (named(p.reader, "workbookPr")) {
			char *v = attr(p.reader, "date1904");
			wb->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
			xmlFree(v);
		} else if (named(p.reader, "sheet") && !wb->sheet_rid) {
			char *v = (char *)xmlTextReaderGetAttributeNs(p.reader, (const xmlChar *)"id",
								      (const xmlChar *)REL_NS);
			if (!v)
				v = (char *)xmlTextReaderGetAttributeNs(p.reader, (const xmlChar *)"id",
									(const xmlChar *)REL_NS_STRICT);
			if (v) {
				wb->sheet_rid = xstrdup(v);
				xmlFree(v);
			}
		}
	}
	rc = ok < 0 ? part_failed(&p, path, err) : HIM_OK;
	part_close(&p);
	if (rc == HIM_OK && !wb->sheet_rid)
		rc = err_set(err, HIM_EINPUT, "%s: the workbook has no worksheet", path);
	return rc;
}

/* A relationship's target, relative to xl/ unless absolute. */
static char *resolve_target(const char *target)
{
	struct strbuf sb = STRBUF_INIT;

	if (target[0] == '/')
		strbuf_adds(&sb, target + 1);
	else
		strbuf_addf(&sb, "xl/%s", target);
	return strbuf_detach(&sb, NULL);
}

static int read_relationships(zip_t *z, const char *path, struct workbook *wb, struct err *err)
{
	struct part p;
	int rc, ok;

	if (part_open(&p, z, "xl/_rels/workbook.xml.rels", err) != HIM_OK) {
		/* Without relationships, the names every producer uses. */
		wb->sheet_part = xstrdup("xl/worksheets/sheet1.xml");
		wb->strings_part = xstrdup("xl/sharedStrings.xml");
		err_clear(err);
		return HIM_OK;
	}
	while ((ok = xmlTextReaderRead(p.reader)) == 1) {
		char *id, *target, *type;
		if (xmlTextReaderNodeType(p.reader) != XML_READER_TYPE_ELEMENT || !named(p.reader, "Relationship"))
			continue;
		id = attr(p.reader, "Id");
		target = attr(p.reader, "Target");
		type = attr(p.reader, "Type");
		if (id && target && strcmp(id, wb->sheet_rid) == 0 && !wb->sheet_part)
			wb->sheet_part = resolve_target(target);
		if (type && target && strlen(type) > 14 && strcmp(type + strlen(type) - 14, "/sharedStrings") == 0 &&
		    !wb->strings_part)
			wb->strings_part = resolve_target(target);
		xmlFree(id);
		xmlFree(target);
		xmlFree(type);
	}
	rc = ok < 0 ? part_failed(&p, path, err) : HIM_OK;
	part_close(&p);
	if (rc == HIM_OK && !wb->sheet_part)
		rc = err_set(err, HIM_EINPUT, "%s: the first worksheet's part is not named in the workbook", path);
	return rc;
}

/* Each <si> is one string: the text of its <t> elements, runs included,
 * phonetic guides (<rPh>) excluded. */
static int read_shared_strings(zip_t *z, const char *path, struct workbook *wb, struct err *err)
{
	struct part p;
	struct strbuf cur = STRBUF_INIT;
	bool in_si = false, in_t = false, in_rph = false;
	int rc, ok;

	if (!wb->strings_part)
		return HIM_OK;
	if (part_open(&p, z, wb->strings_part, err) != HIM_OK) {
		err_clear(err);
		return HIM_OK; /* a workbook of numbers only */
	}
	while ((ok = xmlTextReaderRead(p.reader)) == 1) {
		int type = xmlTextReaderNodeType(p.reader);
		bool empty = xmlTextReaderIsEmptyElement(p.reader) == 1;
		bool end_si = false;

		if (type == XML_READER_TYPE_ELEMENT) {
			if (named(p.reader, "si")) {
				in_si = true;
				strbuf_reset(&cur);
				end_si = empty;
			} else if (named(p.reader, "rPh") && !empty) {
				in_rph = true;
			} else if (named(p.reader, "t") && !empty) {
				in_t = true;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (named(p.reader, "si"))
				end_si = true;
			else if (named(p.reader, "rPh"))
				in_rph = false;
			else if (named(p.reader, "t"))
				in_t = false;
		} else if (is_text(type) && in_si && in_t && !in_rph) {
			const xmlChar *v = xmlTextReaderConstValue(p.reader);
			if (v)
				strbuf_adds(&cur, (const char *)v);
		}
		if (end_si && in_si) {
			if (wb->nstrings == wb->alloc) {
				wb->alloc = wb->alloc ? wb->alloc * 2 : 256;
				wb->strings = xrealloc(wb->strings, wb->alloc * sizeof(*wb->strings));
			}
			wb->strings[wb->nstrings++] = xstrndup(cur.buf, cur.len);
			in_si = false;
		}
	}
	rc = ok < 0 ? part_failed(&p, path, err) : HIM_OK;
	part_close(&p);
	strbuf_release(&cur);
	return rc;
}

/* "BC12" -> column 54 (0-based); -1 if the reference has no letters. */
static long column_of(const char *ref)
{
	long col = 0;
	size_t i;

	for (i = 0; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		col = col * 26 + (ref[i] - 'A' + 1);
		if (col > 100000)
			return -1;
	}
	return i ? col - 1 : -1;
}

struct cell {
	long col;
	char type[16];
	struct strbuf value;  /* <v> */
	struct strbuf inline_text; /* <is><t> */
	bool in_v, in_is, in_t, in_rph;
};

/* The text of a finished cell, by its type attribute. */
static void cell_store(struct sheet_row_buf *rb, struct cell *c, const struct workbook *wb)
{
	const char *text = c->value.buf;
	size_t len = c->value.len;
	bool numeric = false;

	if (c->col < 0 || c->col >= COLUMNS_MAX)
		return;
	if (strcmp(c->type, "s") == 0) {
		char *end;
		unsigned long idx = strtoul(c->value.buf, &end, 10);
		if (end == c->value.buf || idx >= wb->nstrings)
			return; /* a dangling index: the cell is empty */
		text = wb->strings[idx];
		len = strlen(text);
	} else if (strcmp(c->type, "inlineStr") == 0) {
		text = c->inline_text.buf;
		len = c->inline_text.len;
	} else if (strcmp(c->type, "b") == 0) {
		text = strcmp(c->value.buf, "1") == 0 ? "TRUE" : "FALSE";
		len = strlen(text);
	} else if (c->type[0] == '\0' || strcmp(c->type, "n") == 0) {
		numeric = len > 0;
	}
	sheet_row_buf_set(rb, (size_t)c->col, text, len, numeric);
}

static int read_sheet(zip_t *z, const char *path, const struct workbook *wb, sheet_row_fn fn, void *ctx,
		      struct err *err)
{
	struct part p;
	struct sheet_row_buf rb;
	struct cell c;
	long next_col = 0;
	int row_number = 0, rc = HIM_OK, ok;
	bool in_row = false, in_cell = false;

	if (part_open(&p, z, wb->sheet_part, err) != HIM_OK)
		return err_set(err, HIM_EINPUT, "%s: the workbook has no part %s", path, wb->sheet_part);
	sheet_row_buf_init(&rb);
	memset(&c, 0, sizeof(c));
	strbuf_init(&c.value);
	strbuf_init(&c.inline_text);
	rb.row.date1904 = wb->date1904;

	while (rc == HIM_OK && (ok = xmlTextReaderRead(p.reader)) == 1) {
		int type = xmlTextReaderNodeType(p.reader);
		bool empty = xmlTextReaderIsEmptyElement(p.reader) == 1;
		bool end_row = false, end_cell = false;

		if (type == XML_READER_TYPE_ELEMENT) {
			if (named(p.reader, "row")) {
				char *r = attr(p.reader, "r");
				long n = r ? strtol(r, NULL, 10) : 0;
				row_number = n > 0 && n < 100000000 ? (int)n : row_number + 1;
				xmlFree(r);
				sheet_row_buf_reset(&rb);
				in_row = true;
				next_col = 0;
				end_row = empty;
			} else if (named(p.reader, "c") && in_row) {
				char *r = attr(p.reader, "r");
				char *t = attr(p.reader, "t");
				c.col = r ? column_of(r) : next_col;
				if (c.col < 0)
					c.col = next_col;
				snprintf(c.type, sizeof(c.type), "%s", t ? t : "");
				xmlFree(r);
				xmlFree(t);
				strbuf_reset(&c.value);
				strbuf_reset(&c.inline_text);
				c.in_v = c.in_is = c.in_t = c.in_rph = false;
				in_cell = true;
				end_cell = empty;
			} else if (in_cell && !empty) {
				if (named(p.reader, "v"))
					c.in_v = true;
				else if (named(p.reader, "is"))
					c.in_is = true;
				else if (named(p.reader, "t") && c.in_is)
					c.in_t = true;
				else if (named(p.reader, "rPh"))
					c.in_rph = true;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (named(p.reader, "row"))
				end_row = true;
			else if (named(p.reader, "c"))
				end_cell = in_cell;
			else if (named(p.reader, "v"))
				c.in_v = false;
			else if (named(p.reader, "is"))
				c.in_is = false;
			else if (named(p.reader, "t"))
				c.in_t = false;
			else if (named(p.reader, "rPh"))
				c.in_rph = false;
		} else if (is_text(type) && in_cell) {
			const xmlChar *v = xmlTextReaderConstValue(p.reader);
			if (v && c.in_v)
				strbuf_adds(&c.value, (const char *)v);
			else if (v && c.in_is && c.in_t && !c.in_rph)
				strbuf_adds(&c.inline_text, (const char *)v);
		}
		if (end_cell) {
			cell_store(&rb, &c, wb);
			next_col = c.col + 1;
			in_cell = false;
		}
		if (end_row && in_row) {
			rb.row.line = row_number;
			rc = fn(&rb.row, ctx, err);
			sheet_row_buf_reset(&rb);
			in_row = false;
		}
	}
	if (rc == HIM_OK && ok < 0)
		rc = part_failed(&p, path, err);
	part_close(&p);
	sheet_row_buf_release(&rb);
	strbuf_release(&c.value);
	strbuf_release(&c.inline_text);
	return rc;
}

int xlsx_read_rows(const char *path, sheet_row_fn fn, void *ctx, struct err *err)
{
	struct workbook wb;
	int zerr = 0, rc;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);

	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = err_set(err, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? HIM_EIO : HIM_EINPUT,
			     "%s: not a readable XLSX workbook (%s)", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	memset(&wb, 0, sizeof(wb));
	rc = read_workbook(z, path, &wb, err);
	if (rc == HIM_OK)
		rc = read_relationships(z, path, &wb, err);
	if (rc == HIM_OK)
		rc = read_shared_strings(z, path, &wb, err);
	if (rc == HIM_OK)
		rc = read_sheet(z, path, &wb, fn, ctx, err);
	workbook_release(&wb);
	zip_discard(z);
	return rc;
}
