/* Test helper: prints, as UTF-8, the text in the console window of the
 * running program whose full path is argv[1] (the window a drop opened),
 * from its first line to the cursor. Exit 4: no such program (yet);
 * 5: it has no console to attach to; 6: the console has no screen.
 *
 * Attached, this helper is a second process on the program's console,
 * and opfolg counts the processes on its console when it starts to tell
 * a window of its own: so a program younger than two seconds counts as
 * not there yet. */
#include <windows.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>

static DWORD find(const wchar_t *path)
{
    DWORD found = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    PROCESSENTRY32W e;
    e.dwSize = sizeof e;
    for (BOOL ok = Process32FirstW(snap, &e); ok; ok = Process32NextW(snap, &e)) {
        HANDLE p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, e.th32ProcessID);
        wchar_t image[1024];
        DWORD size = 1024;
        FILETIME created, exited, kernel, user, now;
        GetSystemTimeAsFileTime(&now);
        if (p && QueryFullProcessImageNameW(p, 0, image, &size) && _wcsicmp(image, path) == 0
            && GetProcessTimes(p, &created, &exited, &kernel, &user)) {
            ULARGE_INTEGER a = {{created.dwLowDateTime, created.dwHighDateTime}};
            ULARGE_INTEGER b = {{now.dwLowDateTime, now.dwHighDateTime}};
            if (b.QuadPart - a.QuadPart >= 20000000ULL) /* 2 s in 100 ns */
                found = e.th32ProcessID;
        }
        if (p)
            CloseHandle(p);
    }
    CloseHandle(snap);
    return found;
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2)
        return 3;
    DWORD pid = find(argv[1]);
    if (!pid)
        return 4;
    FreeConsole();
    if (!AttachConsole(pid)) {
        fprintf(stderr, "AttachConsole(%lu): error %lu\n", pid, GetLastError());
        return 5;
    }
    HANDLE out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
                             FILE_SHARE_READ | FILE_SHARE_WRITE, 0, OPEN_EXISTING, 0, 0);
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (!GetConsoleScreenBufferInfo(out, &info)) {
        fprintf(stderr, "GetConsoleScreenBufferInfo: error %lu\n", GetLastError());
        return 6;
    }
    static char text[1 << 20];
    size_t len = 0;
    SHORT width = info.dwSize.X;
    wchar_t *line = malloc(sizeof(wchar_t) * width);
    for (SHORT y = 0; y <= info.dwCursorPosition.Y && len + 4 * width + 2 < sizeof text; y++) {
        DWORD got = 0;
        COORD at = {0, y};
        ReadConsoleOutputCharacterW(out, line, width, at, &got);
        while (got > 0 && line[got - 1] == L' ')
            got--;
        len += WideCharToMultiByte(CP_UTF8, 0, line, got, text + len, (int)(sizeof text - len), 0, 0);
        text[len++] = '\n';
    }
    FreeConsole();
    fwrite(text, 1, len, stdout);
    return 0;
}
