/* test_cidr.c - the CIDR arithmetic (IPv4 and IPv6), exhaustively at its boundaries or against
 * a brute-force reference, and the engine table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "cidr.h"
#include "engine.h"
#include "schema.h"

static cidr C(const char *s)
{
    cidr c;
    assert_true(cidr_parse(s, &c));
    return c;
}

static void test_parse_valid(void **state)
{
    (void)state;
    cidr c;
    assert_true(cidr_parse("10.20.0.0/16", &c));
    assert_int_equal(c.addr, 0x0A140000u);
    assert_int_equal(c.prefix, 16);
    assert_true(cidr_parse("0.0.0.0/0", &c));
    assert_int_equal(c.prefix, 0);
    assert_true(cidr_parse("255.255.255.255/32", &c));
    assert_int_equal(c.addr, 0xFFFFFFFFu);
    /* every prefix round-trips through the formatter */
    for (int p = 0; p <= 32; p++) {
        char in[32], out[20];
        snprintf(in, sizeof in, "192.168.1.0/%d", p);
        assert_true(cidr_parse(in, &c));
        assert_string_equal(cidr_format(c, out), in);
    }
}

static void test_parse_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "10.0.0.0",
        "10.0.0/16",
        "10.0.0.0.0/16",
        "10.0.0.256/16",
        "10.20.300.0/24",
        "010.0.0.0/8",
        "10.00.0.0/16",
        "10.0.0.0/33",
        "10.0.0.0/016",
        "10.0.0.0/",
        "/16",
        " 10.0.0.0/16",
        "10.0.0.0/16 ",
        "10.0.0.0/1a",
        "10.0.0.-1/16",
        "10.0.0.0//16",
        "a.b.c.d/8",
        "1000.0.0.0/8",
        "10.0.0.0/100",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cidr c;
        if (cidr_parse(bad[i], &c))
            fail_msg("accepted '%s'", bad[i]);
    }
}

static void test_host_bits(void **state)
{
    (void)state;
    /* for every prefix, the network address has none and the next address has some */
    for (int p = 0; p <= 32; p++) {
        cidr c = {0x0A000000u & (p ? 0xFFFFFFFFu << (32 - p) : 0), p};
        assert_true(cidr_host_bits_zero(c));
        if (p < 32) {
            cidr h = {c.addr | 1u, p};
            assert_false(cidr_host_bits_zero(h));
            assert_int_equal(cidr_network(h).addr, c.addr);
        }
    }
    assert_false(cidr_host_bits_zero(C("10.20.0.1/16")));
    assert_true(cidr_host_bits_zero(C("10.20.0.0/16")));
}

static void test_sizes(void **state)
{
    (void)state;
    for (int p = 0; p <= 32; p++) {
        cidr c = {0, p};
        assert_int_equal(cidr_size(c), (uint64_t)1 << (32 - p));
        assert_int_equal((uint64_t)cidr_last(c) - cidr_first(c) + 1, cidr_size(c));
    }
    assert_int_equal(cidr_usable(C("10.0.0.0/24")), 251);
    assert_int_equal(cidr_usable(C("10.0.0.0/20")), 4091);
    assert_int_equal(cidr_usable(C("10.0.0.0/28")), 11);
    assert_int_equal(cidr_last(C("255.255.255.0/24")), 0xFFFFFFFFu);
}

static void test_contains_overlaps(void **state)
{
    (void)state;
    cidr vpc = C("10.0.0.0/16");
    /* equal */
    assert_true(cidr_contains(vpc, vpc));
    assert_true(cidr_overlaps(vpc, vpc));
    /* nested, both ways */
    assert_true(cidr_contains(vpc, C("10.0.5.0/24")));
    assert_false(cidr_contains(C("10.0.5.0/24"), vpc));
    assert_true(cidr_overlaps(vpc, C("10.0.5.0/24")));
    assert_true(cidr_overlaps(C("10.0.5.0/24"), vpc));
    /* the first and the last block of the VPC */
    assert_true(cidr_contains(vpc, C("10.0.0.0/28")));
    assert_true(cidr_contains(vpc, C("10.0.255.240/28")));
    assert_true(cidr_contains(vpc, C("10.0.255.255/32")));
    /* adjacent: just outside on both sides */
    assert_false(cidr_contains(vpc, C("10.1.0.0/28")));
    assert_false(cidr_contains(vpc, C("9.255.255.240/28")));
    assert_false(cidr_overlaps(vpc, C("10.1.0.0/16")));
    assert_false(cidr_overlaps(C("10.0.0.0/24"), C("10.0.1.0/24")));
    assert_false(cidr_overlaps(C("10.0.1.0/24"), C("10.0.0.0/24")));
    /* partial: a larger block that starts inside */
    assert_false(cidr_contains(vpc, C("10.0.0.0/15")));
    assert_true(cidr_overlaps(vpc, C("10.0.0.0/15")));
    /* the ends of the address space */
    assert_true(cidr_contains(C("0.0.0.0/0"), C("255.255.255.255/32")));
    assert_true(cidr_overlaps(C("255.255.255.0/24"), C("255.255.255.255/32")));
}

/* The reference: every aligned start, in order, checked address by address. */
static int64_t brute_find(cidr vpc, uint64_t size, uint64_t align, const cidr *taken, size_t n)
{
    for (uint64_t at = cidr_first(vpc); at + size <= (uint64_t)cidr_last(vpc) + 1; at++) {
        if (at % align)
            continue;
        bool free = true;
        for (size_t i = 0; i < n && free; i++)
            free = !(cidr_first(taken[i]) < at + size && at <= cidr_last(taken[i]));
        if (free)
            return (int64_t)at;
    }
    return -1;
}

static void test_find_free_against_reference(void **state)
{
    (void)state;
    /* a /24 VPC, every subnet size /24../28, every count 1..6 of slots, with 0..3 blocks
     * already taken at assorted places: the allocator agrees with the brute force */
    cidr vpc = C("10.9.8.0/24");
    static const char *const taken_sets[][3] = {
        {NULL},
        {"10.9.8.0/28", NULL},
        {"10.9.8.16/28", "10.9.8.64/26", NULL},
        {"10.9.8.0/26", "10.9.8.128/27", "10.9.8.240/28"},
        {"10.9.8.48/28", "10.9.8.200/29", NULL},
    };
    int cases = 0;
    for (size_t s = 0; s < sizeof taken_sets / sizeof *taken_sets; s++) {
        cidr taken[3];
        size_t n = 0;
        for (size_t k = 0; k < 3 && taken_sets[s][k]; k++)
            taken[n++] = C(taken_sets[s][k]);
        for (int mask = 24; mask <= 28; mask++) {
            uint64_t sub = (uint64_t)1 << (32 - mask);
            for (int slots = 1; slots <= 6; slots++) {
                uint32_t got;
                bool ok = cidr_find_free(vpc, sub * (uint64_t)slots, sub, taken, n, &got);
                int64_t want = brute_find(vpc, sub * (uint64_t)slots, sub, taken, n);
                if (want < 0)
                    assert_false(ok);
                else {
                    assert_true(ok);
                    assert_int_equal(got, (uint32_t)want);
                    assert_int_equal(got % sub, 0);
                }
                cases++;
            }
        }
    }
    assert_int_equal(cases, 5 * 5 * 6);
}

static void test_find_free_vpc_sizes(void **state)
{
    (void)state;
    /* every VPC size /16../24 and every subnet /16../28: a block that fits starts at the
     * VPC and ends inside it; the last block of the VPC is reachable; one more does not fit */
    for (int vp = 16; vp <= 24; vp++) {
        cidr vpc = {0x0A000000u, vp};
        for (int mask = vp; mask <= 28; mask++) {
            uint64_t sub = (uint64_t)1 << (32 - mask);
            uint64_t slots = cidr_size(vpc) / sub;
            uint32_t at;
            assert_true(cidr_find_free(vpc, sub * slots, sub, NULL, 0, &at));
            assert_int_equal(at, vpc.addr);
            assert_false(cidr_find_free(vpc, sub * (slots + 1), sub, NULL, 0, &at));
            /* everything but the last block taken: the last block is found */
            if (slots > 1) {
                cidr first_part = {vpc.addr, mask}; /* one subnet */
                cidr rest[64];
                size_t n = 0;
                for (uint64_t k = 0; k + 1 < slots && n < 64; k++) {
                    first_part.addr = vpc.addr + (uint32_t)(k * sub);
                    rest[n++] = first_part;
                }
                if (n == slots - 1) {
                    assert_true(cidr_find_free(vpc, sub, sub, rest, n, &at));
                    assert_int_equal(at, cidr_last(vpc) + 1 - sub);
                }
            }
        }
    }
}

static void test_private_ranges(void **state)
{
    (void)state;
    assert_true(cidr_is_private(C("10.0.0.0/16")));
    assert_true(cidr_is_private(C("172.16.0.0/16")));
    assert_true(cidr_is_private(C("172.31.255.0/24")));
    assert_false(cidr_is_private(C("172.32.0.0/16")));
    assert_true(cidr_is_private(C("192.168.0.0/16")));
    assert_true(cidr_is_private(C("100.64.0.0/16")));
    assert_true(cidr_is_private(C("100.127.0.0/16")));
    assert_false(cidr_is_private(C("100.128.0.0/16")));
    assert_false(cidr_is_private(C("8.8.0.0/16")));
    assert_false(cidr_is_private(C("10.0.0.0/7")));
}

/* ---- IPv6 ------------------------------------------------------------------------------- */

static cidr6 C6(const char *s)
{
    cidr6 c;
    if (!cidr6_parse(s, &c))
        fail_msg("rejected '%s'", s);
    return c;
}

static const char *F6(cidr6 c)
{
    static char buf[CIDR6_BUF];
    return cidr6_format(c, buf);
}

/* Bit i (0 = the most significant) of the address. */
static int bit6(cidr6 c, int i)
{
    return (int)((i < 64 ? c.hi >> (63 - i) : c.lo >> (127 - i)) & 1);
}

static void set_bit6(cidr6 *c, int i)
{
    if (i < 64)
        c->hi |= (uint64_t)1 << (63 - i);
    else
        c->lo |= (uint64_t)1 << (127 - i);
}

/* A small deterministic generator (no global state: the caller owns the seed). */
static uint64_t next_rand(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    return *seed >> 11 ^ *seed << 29;
}

static void test_parse6_valid(void **state)
{
    (void)state;
    cidr6 c = C6("2001:db8::/32");
    assert_true(c.hi == 0x20010db800000000u && c.lo == 0 && c.prefix == 32);
    c = C6("::/0");
    assert_true(c.hi == 0 && c.lo == 0 && c.prefix == 0);
    c = C6("::1/128");
    assert_true(c.hi == 0 && c.lo == 1 && c.prefix == 128);
    c = C6("FFFF:ffff:FfFf:ffff:ffff:ffff:ffff:ffff/128");
    assert_true(c.hi == ~(uint64_t)0 && c.lo == ~(uint64_t)0);
    c = C6("::ffff:192.0.2.1/128");
    assert_true(c.hi == 0 && c.lo == 0xFFFFC0000201u);
    c = C6("1:2:3:4:5:6:1.2.3.4/96");
    assert_true(c.hi == 0x0001000200030004u && c.lo == 0x0005000601020304u);
    c = C6("1::/16");
    assert_true(c.hi == 0x0001000000000000u && c.lo == 0);
    c = C6("0001:0db8:0000::1:0:0/64"); /* leading zeros in a group are allowed on input */
    assert_true(c.hi == 0x00010db800000000u && c.lo == 0x0000000100000000u);
}

static void test_parse6_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "::",
        "/64",
        "2001:db8::",
        "2001:db8::/",
        "2001:db8::/129",
        "2001:db8::/064",
        "2001:db8::/6a",
        "2001:db8::/64 ",
        " 2001:db8::/64",
        "2001:db8:::/64",
        "2001::db8::1/64",
        ":2001:db8::/64",
        "2001:db8:/64",
        "2001:db8::1:/64",
        "1:2:3:4:5:6:7/64",
        "1:2:3:4:5:6:7:8:9/64",
        "1:2:3:4:5:6:7::8/64" /* "::" for no group at all */,
        "12345::/16",
        "g::/16",
        "1:2:3:4:5:6:7:1.2.3.4/64",
        "::1.2.3.4:5/64",
        "::1.2.3/96",
        "::01.2.3.4/96",
        "::256.2.3.4/96",
        "10.0.0.0/8",
        "2001:db8::/-1",
        "2001:db8::%eth0/64",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cidr6 c;
        if (cidr6_parse(bad[i], &c))
            fail_msg("accepted '%s'", bad[i]);
    }
}

/* The parser agrees with the C library's inet_pton (RFC 4291 text forms) on random strings
 * made of the pieces that matter: acceptance and value. */
static void test_parse6_against_inet_pton(void **state)
{
    (void)state;
    static const char *const atoms[] = {"0",  "1", "ab",      "fFfF", "12345", ":",   ":",
                                        "::", ".", "1.2.3.4", "255",  "0.0",   "db8", "00"};
    uint64_t seed = 42;
    int accepted = 0;
    for (int n = 0; n < 200000; n++) {
        char text[80] = "", with_prefix[90];
        int atoms_n = 1 + (int)(next_rand(&seed) % 12);
        for (int k = 0; k < atoms_n; k++)
            strncat(text, atoms[next_rand(&seed) % (sizeof atoms / sizeof *atoms)],
                    sizeof text - strlen(text) - 1);
        snprintf(with_prefix, sizeof with_prefix, "%s/64", text);
        unsigned char want[16];
        bool libc = inet_pton(AF_INET6, text, want) == 1;
        cidr6 c;
        bool ours = cidr6_parse(with_prefix, &c);
        if (ours != libc)
            fail_msg("'%s': inet_pton %s, cidr6_parse %s", text, libc ? "accepts" : "refuses",
                     ours ? "accepts" : "refuses");
        if (!ours)
            continue;
        accepted++;
        uint64_t hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | want[i];
            lo = lo << 8 | want[i + 8];
        }
        assert_true(c.hi == hi && c.lo == lo && c.prefix == 64);
    }
    assert_true(accepted > 1000); /* the generator reaches the valid forms */
}

/* RFC 5952's canonical form, brute force: of every text that names the address (each choice
 * of a zero run of two groups or more to write as "::", or none), the canonical one shortens
 * the most groups, the first of equal runs (4.2.2, 4.2.3; not always the shortest text:
 * "0:0:1::1:0:0" is shorter than "::1:0:0:1:0:0"), lowercase and without leading zeros,
 * which is how every candidate is written. Over every address whose groups are 0, 1 or abcd
 * (3^8), also against the C library's inet_ntop where that is RFC 5952's form (it writes the
 * deprecated IPv4-compatible form "::a.b.c.d" for the first 96 bits zero). */
static void test_format6_canonical(void **state)
{
    (void)state;
    static const uint16_t values[] = {0, 1, 0xabcd};
    int checked = 0;
    for (int code = 0; code < 6561; code++) {
        uint16_t g[8];
        cidr6 c = {0, 0, 128};
        for (int i = 0, k = code; i < 8; i++, k /= 3) {
            g[i] = values[k % 3];
            if (i < 4)
                c.hi = c.hi << 16 | g[i];
            else
                c.lo = c.lo << 16 | g[i];
        }
        if (c.hi == 0 && c.lo >> 32 == 0xFFFFu)
            continue; /* mixed notation, checked below */
        char best[CIDR6_BUF] = "";
        int best_len = -1;
        for (int start = -1; start < 8; start++) {
            for (int len = start < 0 ? 0 : 2; start < 0 ? len == 0 : start + len <= 8; len++) {
                bool zeros = true;
                for (int i = start; i >= 0 && i < start + len; i++)
                    zeros = zeros && g[i] == 0;
                if (!zeros)
                    break;
                char text[CIDR6_BUF] = "";
                for (int i = 0; i < 8; i++) {
                    if (i == start) {
                        strcat(text, "::");
                        i += len - 1;
                        continue;
                    }
                    if (i && i != start + len)
                        strcat(text, ":");
                    snprintf(text + strlen(text), 6, "%x", g[i]);
                }
                strcat(text, "/128");
                if (len > best_len) {
                    strcpy(best, text);
                    best_len = len;
                }
                if (start < 0)
                    break;
            }
        }
        assert_string_equal(F6(c), best);
        if (c.hi || c.lo >> 32) {
            unsigned char bytes[16];
            char libc[INET6_ADDRSTRLEN + 8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (unsigned char)(c.hi >> (56 - 8 * i));
                bytes[i + 8] = (unsigned char)(c.lo >> (56 - 8 * i));
            }
            assert_non_null(inet_ntop(AF_INET6, bytes, libc, INET6_ADDRSTRLEN));
            strcat(libc, "/128");
            assert_string_equal(F6(c), libc);
        }
        /* and it reads back as the same block */
        cidr6 back = C6(F6(c));
        assert_true(back.hi == c.hi && back.lo == c.lo && back.prefix == 128);
        checked++;
    }
    assert_int_equal(checked, 6561);
    /* RFC 5952's own examples (sections 4.1, 4.2, 5) */
    assert_string_equal(F6(C6("2001:0db8::0001/128")), "2001:db8::1/128");
    assert_string_equal(F6(C6("2001:db8:0:0:0:0:2:1/128")), "2001:db8::2:1/128");
    assert_string_equal(F6(C6("2001:db8:0:1:1:1:1:1/128")), "2001:db8:0:1:1:1:1:1/128");
    assert_string_equal(F6(C6("2001:0:0:1:0:0:0:1/128")), "2001:0:0:1::1/128");
    assert_string_equal(F6(C6("2001:db8:0:0:1:0:0:1/128")), "2001:db8::1:0:0:1/128");
    assert_string_equal(F6(C6("2001:DB8::AAAA/128")), "2001:db8::aaaa/128");
    assert_string_equal(F6(C6("::ffff:c000:0280/128")), "::ffff:192.0.2.128/128");
    assert_string_equal(F6(C6("::/0")), "::/0");
    assert_string_equal(F6(C6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")),
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    assert_int_equal(strlen(F6(C6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"))) + 1, CIDR6_BUF);
    /* every prefix round-trips */
    for (int p = 0; p <= 128; p++) {
        char in[40];
        snprintf(in, sizeof in, "2600:1f18:abc:de00::/%d", p);
        assert_string_equal(F6(C6(in)), in);
    }
}

/* Containment and overlap against a bit-by-bit reference: random pairs of blocks that share
 * a random number of leading bits, every prefix. */
static void test_contains_overlaps6(void **state)
{
    (void)state;
    uint64_t seed = 7;
    for (int n = 0; n < 100000; n++) {
        cidr6 a = {next_rand(&seed), next_rand(&seed), (int)(next_rand(&seed) % 129)};
        cidr6 b = a;
        int common = (int)(next_rand(&seed) % 129);
        if (common < 128) { /* b differs from a first at bit `common` */
            if (bit6(a, common))
                common < 64 ? (b.hi &= ~((uint64_t)1 << (63 - common)))
                            : (b.lo &= ~((uint64_t)1 << (127 - common)));
            else
                set_bit6(&b, common);
        }
        b.prefix = (int)(next_rand(&seed) % 129);
        a = cidr6_network(a);
        b = cidr6_network(b);
        int shorter = a.prefix < b.prefix ? a.prefix : b.prefix;
        bool same = true;
        for (int i = 0; i < shorter && same; i++)
            same = bit6(a, i) == bit6(b, i);
        assert_int_equal(cidr6_overlaps(a, b), same);
        assert_int_equal(cidr6_overlaps(b, a), same);
        assert_int_equal(cidr6_contains(a, b), same && b.prefix >= a.prefix);
        assert_int_equal(cidr6_contains(b, a), same && a.prefix >= b.prefix);
        assert_true(cidr6_contains(a, a) && cidr6_overlaps(a, a));
        assert_true(cidr6_host_bits_zero(a));
    }
    cidr6 vpc = C6("2600:1f18:abc:de00::/56");
    assert_true(cidr6_contains(vpc, C6("2600:1f18:abc:deff::/64")));
    assert_false(cidr6_contains(vpc, C6("2600:1f18:abc:df00::/64")));
    assert_false(cidr6_contains(vpc, C6("2600:1f18:abc:de00::/55")));
    assert_true(cidr6_overlaps(vpc, C6("2600:1f18:abc:de00::/55")));
    assert_true(cidr6_contains(C6("::/0"), vpc));
    assert_false(cidr6_host_bits_zero(C6("2600:1f18:abc:de01::/56")));
    assert_true(cidr6_network(C6("2600:1f18:abc:de01::1/56")).hi == vpc.hi);
}

/* cidr6_subnet against two references: bit by bit (Terraform's cidrsubnet: the base's network
 * bits, then num in newbits bits, then zeros), and Fn::Cidr's list (consecutive blocks of
 * 2^hostbits addresses from the base's first address, by repeated addition). */
static void test_subnet6(void **state)
{
    (void)state;
    uint64_t seed = 11;
    for (int p = 0; p <= 128; p++) {
        for (int nb = 0; p + nb <= 128; nb++) {
            cidr6 base = {next_rand(&seed), next_rand(&seed), p};
            uint64_t num = nb == 0 ? 0 : next_rand(&seed);
            if (nb < 64)
                num &= ((uint64_t)1 << nb) - 1;
            cidr6 got;
            assert_true(cidr6_subnet(base, nb, num, &got));
            cidr6 want = {0, 0, p + nb};
            for (int i = 0; i < p + nb; i++) {
                int bit = i < p                 ? bit6(base, i)
                          : p + nb - 1 - i < 64 ? (int)(num >> (p + nb - 1 - i) & 1)
                                                : 0;
                if (bit)
                    set_bit6(&want, i);
            }
            if (got.hi != want.hi || got.lo != want.lo || got.prefix != want.prefix)
                fail_msg("/%d + %d bits, #%llu: %s", p, nb, (unsigned long long)num, F6(got));
            if (nb < 64) { /* one past the last subnet number */
                cidr6 none;
                assert_false(cidr6_subnet(base, nb, (uint64_t)1 << nb, &none));
            }
        }
        cidr6 none, base = {0, 0, p};
        assert_false(cidr6_subnet(base, 129 - p, 0, &none));
        assert_false(cidr6_subnet(base, -1, 0, &none));
    }
    /* Fn::Cidr [block, 256, 64] of a /56, element by element */
    static const char *const blocks[] = {"2600:1f18:abc:de00::/56", "2a05:d018:ff:ff00::/56",
                                         "::/56", "ffff:ffff:ffff:ff00::/56"};
    for (size_t k = 0; k < sizeof blocks / sizeof *blocks; k++) {
        cidr6 base = C6(blocks[k]), next = {base.hi, base.lo, 64};
        for (uint64_t i = 0; i < 256; i++) {
            cidr6 got;
            assert_true(cidr6_subnet(base, 8, i, &got));
            assert_true(got.hi == next.hi && got.lo == next.lo && got.prefix == 64);
            assert_true(cidr6_contains(base, got));
            next.hi += 1; /* a /64 is 2^64 addresses: one step of the high half */
        }
    }
    /* known values: the examples of Pulumi's std cidrsubnet (2607:...) and of Terraform's
     * cidrsubnet (https://developer.hashicorp.com/terraform/language/functions/cidrsubnet) */
    cidr6 r;
    assert_true(cidr6_subnet(C6("2607:f298:6051:516c::/64"), 8, 2, &r));
    assert_string_equal(F6(r), "2607:f298:6051:516c:200::/72");
    assert_true(cidr6_subnet(C6("fd00:fd12:3456:7890::/56"), 16, 162, &r));
    assert_string_equal(F6(r), "fd00:fd12:3456:7800:a200::/72");
    assert_true(cidr6_subnet(C6("2600:1f18:abc:de00::/56"), 8, 0x21, &r));
    assert_string_equal(F6(r), "2600:1f18:abc:de21::/64");
}

static void test_engine_table(void **state)
{
    (void)state;
    const engine_info *pg = engine_find("postgres"), *my = engine_find("mysql"),
                      *ma = engine_find("mariadb");
    assert_non_null(pg);
    assert_non_null(my);
    assert_non_null(ma);
    assert_null(engine_find("aurora"));
    const engine_info *apg = engine_find("aurora-postgresql"), *amy = engine_find("aurora-mysql");
    assert_true(apg && apg->aurora && amy && amy->aurora && !pg->aurora);
    assert_true(amy->backtrack && !apg->backtrack);
    assert_string_equal(pg->default_version, "17");
    assert_string_equal(my->default_version, "8.4");
    assert_string_equal(ma->default_version, "11.4");
    assert_int_equal(pg->default_port, 5432);
    assert_int_equal(my->default_port, 3306);
    assert_int_equal(ma->default_port, 3306);
    char buf[16];
    assert_string_equal(engine_major(pg, "17", buf), "17");
    assert_string_equal(engine_major(pg, "16.4", buf), "16");
    assert_string_equal(engine_major(my, "8.4.3", buf), "8.4");
    assert_string_equal(engine_major(ma, "10.11", buf), "10.11");
    assert_null(engine_major(my, "8", buf));
    /* every engine of the schema's enum has its row and AWS's data, and its default version
     * is a major RDS offers (adding an engine to the schema alone fails here) */
    const fjson *engines = fj_get(
        fj_get(fj_get(fj_get(fj_get(builtin_schema, "$defs"), "database"), "properties"), "engine"),
        "enum");
    assert_true(fj_size(engines) >= 3);
    size_t i;
    const fjson *name;
    fj_array_foreach(engines, i, name)
    {
        const engine_info *x = engine_find(fj_string(name));
        if (!x)
            fail_msg("engine '%s' of the schema has no row in engine.c", fj_string(name));
        if (!engine_data(x))
            fail_msg("engine '%s' has no AWS data (awsdata_gen.c)", fj_string(name));
        const rds_major *m =
            awsdata_major(engine_data(x), engine_major(x, x->default_version, buf));
        if (!m || !m->version_count)
            fail_msg("the default version of '%s' is not a major RDS offers", fj_string(name));
        for (const char *const *l = x->default_logs; *l; l++)
            assert_true(engine_list_has(x->allowed_logs, *l, false));
        /* a Multi-AZ DB cluster's default class is offered for every major that has one */
        const rds_engine_data *data = engine_data(x);
        for (size_t k = 0; x->multi_az_cluster_class && k < data->major_count; k++)
            if (data->majors[k].cluster_version_count &&
                !awsdata_set_has(data->majors[k].cluster_classes,
                                 awsdata_class_index(x->multi_az_cluster_class)))
                fail_msg("%s %s offers no Multi-AZ DB cluster of %s", fj_string(name),
                         data->majors[k].major, x->multi_az_cluster_class);
    }
    assert_non_null(pg->multi_az_cluster_class);
    assert_non_null(my->multi_az_cluster_class);
    assert_null(ma->multi_az_cluster_class);
    /* RDS's own version names compare without looping: "17.6-rds.20250930" */
    assert_true(engine_version_cmp("17.6-rds.20250930", "17.6") > 0);
    assert_true(engine_version_cmp("17", "17.0") == 0);
    assert_true(engine_version_cmp("10.11", "10.6") > 0);
    assert_true(engine_version_cmp("10.6", "10.11") < 0);
    assert_int_equal(engine_version_cmp("11.4", "11.4"), 0);
    assert_true(engine_version_cmp("9", "10") < 0);
}

static void test_instance_classes(void **state)
{
    (void)state;
    /* AWS's table of Graviton families (awsdata.h): a1 has no 'g' but is Graviton */
    static const char *const graviton[] = {
        "t4g.nano",     "m7g.large",   "r8gd.xlarge", "c6gn.medium", "db.t4g.micro",
        "db.r7g.large", "im4gn.large", "x2gd.medium", "g5g.xlarge",  "a1.medium"};
    static const char *const x86[] = {"t3.micro",    "m5.large",     "c7i.large", "g5.xlarge",
                                      "db.t3.small", "db.m6i.large", "r6a.large", "inf2.xlarge"};
    for (size_t i = 0; i < sizeof graviton / sizeof *graviton; i++)
        if (!awsdata_is_graviton(graviton[i]))
            fail_msg("%s is Graviton", graviton[i]);
    for (size_t i = 0; i < sizeof x86 / sizeof *x86; i++)
        if (awsdata_is_graviton(x86[i]))
            fail_msg("%s is not Graviton", x86[i]);
    assert_true(engine_class_is_small("db.t4g.micro"));
    assert_true(engine_class_is_small("db.t3.small"));
    assert_false(engine_class_is_small("db.t4g.medium"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_host_bits),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_contains_overlaps),
        cmocka_unit_test(test_find_free_against_reference),
        cmocka_unit_test(test_find_free_vpc_sizes),
        cmocka_unit_test(test_private_ranges),
        cmocka_unit_test(test_parse6_valid),
        cmocka_unit_test(test_parse6_invalid),
        cmocka_unit_test(test_parse6_against_inet_pton),
        cmocka_unit_test(test_format6_canonical),
        cmocka_unit_test(test_contains_overlaps6),
        cmocka_unit_test(test_subnet6),
        cmocka_unit_test(test_engine_table),
        cmocka_unit_test(test_instance_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
