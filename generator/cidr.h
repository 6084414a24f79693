/* cidr.h - IPv4 and IPv6 CIDR arithmetic for the model.
 *
 * IPv4 blocks are (address, prefix) with the address in host byte order. Parsing is strict: four
 * decimal octets without leading zeros, a prefix 0..32, nothing else. The subnet allocator
 * lays tiers out as spec-v1 says: each tier given by mask gets a block of reserve_azs
 * subnets of its size, placed at the lowest free address aligned to the subnet size, in the
 * order public, private, database, after any explicitly given subnets.
 */
#ifndef VPCGEN_CIDR_H
#define VPCGEN_CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cidr {
    uint32_t addr;
    int prefix;
} cidr;

/* Parses "a.b.c.d/p". Returns false when s is not exactly that form. */
bool cidr_parse(const char *s, cidr *out);
/* True when the address has no bits set beyond the prefix. */
bool cidr_host_bits_zero(cidr c);
/* The same block with the host bits cleared. */
cidr cidr_network(cidr c);
/* Number of addresses in the block (2^(32-prefix)), as 64-bit so /0 fits. */
uint64_t cidr_size(cidr c);
/* First and last address. */
uint32_t cidr_first(cidr c);
uint32_t cidr_last(cidr c);
/* inner lies entirely within outer. */
bool cidr_contains(cidr outer, cidr inner);
/* The two blocks share at least one address. */
bool cidr_overlaps(cidr a, cidr b);
/* Writes "a.b.c.d/p" into buf (at least 19 bytes). Returns buf. */
char *cidr_format(cidr c, char *buf);
/* RFC 1918 (10/8, 172.16/12, 192.168/16) or shared address space (100.64/10). */
bool cidr_is_private(cidr c);
/* Addresses AWS lets a subnet use: the size less the 5 it reserves. */
uint64_t cidr_usable(cidr c);

/* Lowest run of `size` addresses inside vpc starting at a multiple of `align` (a power
 * of two, >= size), that overlaps no block in taken[0..ntaken). Returns false when none fits. */
bool cidr_find_free(cidr vpc, uint64_t size, uint64_t align, const cidr *taken, size_t ntaken,
                    uint32_t *out);

/* ---- IPv6 ---------------------------------------------------------------------------------
 * A block is (128-bit address as two halves, prefix 0..128). Parsing takes the text forms of
 * RFC 4291 section 2.2 (eight groups of 1..4 hex digits, one "::" for a run of zero groups,
 * a dotted IPv4 tail in the last 32 bits) and a decimal prefix without leading zeros.
 * Formatting is RFC 5952's canonical form: lowercase, no leading zeros in a group, the longest
 * run of two or more zero groups (the first of equal runs) as "::", and the mixed notation
 * "::ffff:a.b.c.d" for IPv4-mapped addresses (section 5). vpcgen never knows a VPC's IPv6
 * block (AWS assigns it at deploy time); this module is what the tests prove the targets'
 * subnet expressions against, and what the summary describes them with. */
typedef struct cidr6 {
    uint64_t hi, lo; /* bits 127..64 and 63..0 */
    int prefix;
} cidr6;

/* Longest formatted block: eight groups of four, seven colons, "/128", NUL. */
enum { CIDR6_BUF = 44 };

/* Parses "addr/p". Returns false when s is not exactly that form. */
bool cidr6_parse(const char *s, cidr6 *out);
/* Writes the RFC 5952 form of c into buf (at least CIDR6_BUF bytes). Returns buf. */
char *cidr6_format(cidr6 c, char *buf);
bool cidr6_host_bits_zero(cidr6 c);
cidr6 cidr6_network(cidr6 c);
/* inner lies entirely within outer. */
bool cidr6_contains(cidr6 outer, cidr6 inner);
/* The two blocks share at least one address. */
bool cidr6_overlaps(cidr6 a, cidr6 b);
/* Subnet number num of base extended by newbits prefix bits: Terraform's
 * cidrsubnet(base, newbits, num), and element num of CloudFormation's
 * Fn::Cidr [base, count, 128 - base.prefix - newbits] for any count > num. False when the
 * prefix would pass 128 or num does not fit in newbits bits. */
bool cidr6_subnet(cidr6 base, int newbits, uint64_t num, cidr6 *out);

#endif
