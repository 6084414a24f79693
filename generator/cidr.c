/* cidr.c - IPv4 and IPv6 CIDR arithmetic (see cidr.h). */
#include "cidr.h"

#include <stdio.h>

/* Four decimal octets without leading zeros, each followed by the separator its place
 * expects (the last by `last`); *s moves past them. */
static bool parse_quad(const char **sp, char last, uint32_t *out)
{
    const char *s = *sp;
    uint32_t addr = 0;
    for (int octet = 0; octet < 4; octet++) {
        if (*s < '0' || *s > '9')
            return false;
        if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
            return false; /* leading zero: ambiguous (octal in inet_aton) */
        unsigned v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || v > 255)
                return false;
        }
        addr = addr << 8 | v;
        if (*s++ != (octet < 3 ? '.' : last))
            return false;
    }
    *sp = s;
    *out = addr;
    return true;
}

/* A decimal prefix 0..max without leading zeros that ends the string. */
static bool parse_prefix(const char *s, int max, int *out)
{
    if (*s < '0' || *s > '9' || (s[0] == '0' && s[1]))
        return false;
    int prefix = 0, digits = 0;
    while (*s >= '0' && *s <= '9') {
        prefix = prefix * 10 + (*s++ - '0');
        if (++digits > 3)
            return false;
    }
    if (*s || prefix > max)
        return false;
    *out = prefix;
    return true;
}

bool cidr_parse(const char *s, cidr *out)
{
    uint32_t addr;
    int prefix;
    if (!parse_quad(&s, '/', &addr) || !parse_prefix(s, 32, &prefix))
        return false;
    out->addr = addr;
    out->prefix = prefix;
    return true;
}

static uint32_t mask_of(int prefix)
{
    return prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - prefix);
}

bool cidr_host_bits_zero(cidr c)
{
    return (c.addr & ~mask_of(c.prefix)) == 0;
}

cidr cidr_network(cidr c)
{
    c.addr &= mask_of(c.prefix);
    return c;
}

uint64_t cidr_size(cidr c)
{
    return (uint64_t)1 << (32 - c.prefix);
}

uint32_t cidr_first(cidr c)
{
    return c.addr & mask_of(c.prefix);
}

uint32_t cidr_last(cidr c)
{
    return cidr_first(c) | ~mask_of(c.prefix);
}

bool cidr_contains(cidr outer, cidr inner)
{
    return inner.prefix >= outer.prefix && cidr_first(inner) >= cidr_first(outer) &&
           cidr_last(inner) <= cidr_last(outer);
}

bool cidr_overlaps(cidr a, cidr b)
{
    return cidr_first(a) <= cidr_last(b) && cidr_first(b) <= cidr_last(a);
}

char *cidr_format(cidr c, char *buf)
{
    snprintf(buf, 19, "%u.%u.%u.%u/%d", c.addr >> 24, c.addr >> 16 & 255, c.addr >> 8 & 255,
             c.addr & 255, c.prefix);
    return buf;
}

bool cidr_is_private(cidr c)
{
    static const cidr ranges[] = {
        {0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}, {0x64400000u, 10}};
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
        if (cidr_contains(ranges[i], c))
            return true;
    return false;
}

uint64_t cidr_usable(cidr c)
{
    uint64_t n = cidr_size(c);
    return n > 5 ? n - 5 : 0;
}

bool cidr_find_free(cidr vpc, uint64_t size, uint64_t align, const cidr *taken, size_t ntaken,
                    uint32_t *out)
{
    uint64_t first = cidr_first(vpc), end = (uint64_t)cidr_last(vpc) + 1;
    uint64_t at = (first + align - 1) / align * align;
    while (at + size <= end) {
        uint64_t next = 0;
        for (size_t i = 0; i < ntaken; i++) {
            uint64_t tf = cidr_first(taken[i]), tl = cidr_last(taken[i]);
            if (tf < at + size && at <= tl && tl + 1 > next)
                next = tl + 1;
        }
        if (!next) {
            *out = (uint32_t)at;
            return true;
        }
        at = (next + align - 1) / align * align;
    }
    return false;
}

/* ---- IPv6 ------------------------------------------------------------------------------- */

static int hex_digit(char ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

/* The groups of an address that ends at '/'; *sp moves to the '/'. RFC 4291 2.2. */
static bool parse_groups(const char **sp, uint16_t g[8])
{
    const char *s = *sp;
    uint16_t head[8], tail[8];
    int nh = 0, nt = 0;
    bool gap = false;
    if (s[0] == ':') {
        if (s[1] != ':')
            return false;
        gap = true;
        s += 2;
    }
    while (*s != '/') {
        uint16_t *into = gap ? tail : head;
        int *n = gap ? &nt : &nh;
        if (nh + nt >= 8)
            return false;
        /* a dotted IPv4 tail: the last 32 bits */
        const char *q = s;
        while (hex_digit(*q) >= 0)
            q++;
        if (*q == '.') {
            uint32_t v4;
            if (nh + nt > 6 || !parse_quad(&s, '/', &v4))
                return false;
            s--; /* back to the '/' */
            into[(*n)++] = (uint16_t)(v4 >> 16);
            into[(*n)++] = (uint16_t)v4;
            break;
        }
        unsigned v = 0;
        int digits = 0;
        for (int d; (d = hex_digit(*s)) >= 0; s++) {
            if (++digits > 4)
                return false;
            v = v << 4 | (unsigned)d;
        }
        if (!digits)
            return false;
        into[(*n)++] = (uint16_t)v;
        if (*s == '/')
            break;
        if (*s++ != ':')
            return false;
        if (*s == ':') {
            if (gap)
                return false;
            gap = true;
            s++;
        } else if (*s == '/') {
            return false; /* a trailing single colon */
        }
    }
    if (gap ? nh + nt > 7 : nh != 8)
        return false;
    int k = 0;
    for (int i = 0; i < nh; i++)
        g[k++] = head[i];
    for (int i = nh + nt; i < 8; i++)
        g[k++] = 0;
    for (int i = 0; i < nt; i++)
        g[k++] = tail[i];
    *sp = s;
    return true;
}

bool cidr6_parse(const char *s, cidr6 *out)
{
    uint16_t g[8];
    int prefix;
    if (!parse_groups(&s, g) || *s++ != '/' || !parse_prefix(s, 128, &prefix))
        return false;
    out->hi = out->lo = 0;
    for (int i = 0; i < 4; i++) {
        out->hi = out->hi << 16 | g[i];
        out->lo = out->lo << 16 | g[i + 4];
    }
    out->prefix = prefix;
    return true;
}

char *cidr6_format(cidr6 c, char *buf)
{
    uint16_t g[8];
    for (int i = 0; i < 4; i++) {
        g[i] = (uint16_t)(c.hi >> (48 - 16 * i));
        g[i + 4] = (uint16_t)(c.lo >> (48 - 16 * i));
    }
    char *p = buf;
    if (c.hi == 0 && c.lo >> 32 == 0xFFFFu) { /* IPv4-mapped: RFC 5952 section 5 */
        uint32_t v4 = (uint32_t)c.lo;
        snprintf(buf, CIDR6_BUF, "::ffff:%u.%u.%u.%u/%d", v4 >> 24, v4 >> 16 & 255, v4 >> 8 & 255,
                 v4 & 255, c.prefix);
        return buf;
    }
    /* the longest run of zero groups, two or more, the first of equal runs (4.2.2, 4.2.3) */
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            *p++ = ':';
            *p++ = ':';
            i += best_len - 1;
            continue;
        }
        if (i && i != best + best_len)
            *p++ = ':';
        p += snprintf(p, 5, "%x", g[i]);
    }
    snprintf(p, 5, "/%d", c.prefix);
    return buf;
}

/* The two halves of the mask of a prefix. */
static uint64_t mask6_hi(int prefix)
{
    return prefix >= 64 ? ~(uint64_t)0 : prefix == 0 ? 0 : ~(uint64_t)0 << (64 - prefix);
}

static uint64_t mask6_lo(int prefix)
{
    return prefix <= 64 ? 0 : prefix == 128 ? ~(uint64_t)0 : ~(uint64_t)0 << (128 - prefix);
}

bool cidr6_host_bits_zero(cidr6 c)
{
    return (c.hi & ~mask6_hi(c.prefix)) == 0 && (c.lo & ~mask6_lo(c.prefix)) == 0;
}

cidr6 cidr6_network(cidr6 c)
{
    c.hi &= mask6_hi(c.prefix);
    c.lo &= mask6_lo(c.prefix);
    return c;
}

/* a and b agree on their first `prefix` bits. */
static bool same6(cidr6 a, cidr6 b, int prefix)
{
    return ((a.hi ^ b.hi) & mask6_hi(prefix)) == 0 && ((a.lo ^ b.lo) & mask6_lo(prefix)) == 0;
}

bool cidr6_contains(cidr6 outer, cidr6 inner)
{
    return inner.prefix >= outer.prefix && same6(outer, inner, outer.prefix);
}

bool cidr6_overlaps(cidr6 a, cidr6 b)
{
    return same6(a, b, a.prefix < b.prefix ? a.prefix : b.prefix);
}

bool cidr6_subnet(cidr6 base, int newbits, uint64_t num, cidr6 *out)
{
    if (newbits < 0 || base.prefix + newbits > 128 || (newbits < 64 && num >> newbits))
        return false;
    cidr6 r = cidr6_network(base);
    r.prefix = base.prefix + newbits;
    int shift = 128 - r.prefix; /* where the subnet number's lowest bit lands */
    if (newbits > 0 && shift >= 64) {
        r.hi |= num << (shift - 64);
    } else if (newbits > 0) {
        r.lo |= num << shift;
        if (shift)
            r.hi |= num >> (64 - shift);
    }
    *out = r;
    return true;
}
