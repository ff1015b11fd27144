/* Test only, never shipped: Rust's standard library (1.78 and later) asks
 * Windows for random bytes with ProcessPrng from bcryptprimitives.dll,
 * which Wine has only since 8.13 (Debian 12 has Wine 8.0). Put beside
 * opfolg.exe in the test folder, this DLL gives it from RtlGenRandom
 * (advapi32's SystemFunction036), what ProcessPrng draws on in Windows. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
