/* Test helper: holds the file argv[1] open as Excel holds a workbook it
 * shows (read and write, others may only read), or with argv[2] "alone"
 * letting no one else even read it; says "ready" and keeps it open until
 * its standard input closes. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2)
        return 3;
    DWORD share = argc > 2 && wcscmp(argv[2], L"alone") == 0 ? 0 : FILE_SHARE_READ;
    HANDLE f = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, share, 0, OPEN_EXISTING, 0, 0);
    if (f == INVALID_HANDLE_VALUE) {
        printf("failed %lu\n", GetLastError());
        return 2;
    }
    printf("ready\n");
    fflush(stdout);
    char buf[64];
    DWORD n;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &n, 0) && n > 0) {
    }
    CloseHandle(f);
    return 0;
}
