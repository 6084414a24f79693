/* cidr.h - IPv4 CIDR arithmetic for the model.
 *
 * Blocks are (address, prefix) with the address in host byte order. Parsing is strict: four
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

#endif
