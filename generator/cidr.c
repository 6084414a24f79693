/* cidr.c - IPv4 CIDR arithmetic (see cidr.h). */
#include "cidr.h"

#include <stdio.h>

bool cidr_parse(const char *s, cidr *out)
{
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
        if (*s++ != (octet < 3 ? '.' : '/'))
            return false;
    }
    if (*s < '0' || *s > '9' || (s[0] == '0' && s[1]))
        return false;
    int prefix = 0, digits = 0;
    while (*s >= '0' && *s <= '9') {
        prefix = prefix * 10 + (*s++ - '0');
        if (++digits > 2)
            return false;
    }
    if (*s || prefix > 32)
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
