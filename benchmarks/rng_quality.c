/* TestU01 on 32-bit words read from standard input (see rng_quality.sh).
 * Usage: rng_quality NAME {smallcrush|crush|bigcrush}
 * Build: cc -O2 -o rng_quality rng_quality.c -I/usr/include/testu01 -ltestu01
 *        (Debian/Ubuntu: apt-get install libtestu01-0-dev, in Debian's non-free component) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unif01.h"
#include "bbattery.h"

static unsigned int buffer[1 << 16];
static size_t count = 0, next = 0;

static unsigned int word(void) {
    if (next == count) {
        count = fread(buffer, sizeof buffer[0], sizeof buffer / sizeof buffer[0], stdin);
        next = 0;
        if (count == 0) {
            fprintf(stderr, "rng_quality: the input stream ended\n");
            exit(2);
        }
    }
    return buffer[next++];
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s NAME {smallcrush|crush|bigcrush}\n", argv[0]);
        return 2;
    }
    unif01_Gen *gen = unif01_CreateExternGenBits(argv[1], word);
    if (strcmp(argv[2], "smallcrush") == 0)
        bbattery_SmallCrush(gen);
    else if (strcmp(argv[2], "crush") == 0)
        bbattery_Crush(gen);
    else if (strcmp(argv[2], "bigcrush") == 0)
        bbattery_BigCrush(gen);
    else {
        fprintf(stderr, "unknown battery %s\n", argv[2]);
        return 2;
    }
    unif01_DeleteExternGenBits(gen);
    return 0;
}
