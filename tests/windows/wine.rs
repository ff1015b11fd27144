//! Running opfolg.exe under Wine, and the Linux binary beside it.
//! `scripts/test-windows.sh` sets the environment: `OPFOLG_WINE` (Wine's
//! loader), `OPFOLG_WINE_BIN` (opfolg.exe with the test-only ProcessPrng
//! shim and the helpers), `WINEPREFIX`, `DISPLAY` (Xvfb).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What a run printed and its exit code.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Both streams, with Windows' path separators as Linux's.
    pub fn text(&self) -> String {
        format!("{}\n--- stderr\n{}", self.stdout, self.stderr).replace('\\', "/")
    }
}

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| {
        panic!("{name} is not set: run these tests with scripts/test-windows.sh")
    }))
}

/// Wine's loader.
pub fn wine() -> PathBuf {
    env_path("OPFOLG_WINE")
}

/// The folder with opfolg.exe, the shim and the helpers.
pub fn bin() -> PathBuf {
    env_path("OPFOLG_WINE_BIN")
}

/// opfolg.exe in the test folder.
pub fn exe() -> PathBuf {
    bin().join("opfolg.exe")
}

/// A Linux path as Windows programs under Wine see it: drive Z: is `/`.
pub fn win(p: &Path) -> String {
    format!("Z:{}", p.to_str().expect("UTF-8 path").replace('/', "\\"))
}

/// Wine running `program` (a Windows path or a program Wine knows) with
/// `args`, in `cwd`.
pub fn wine_command(cwd: &Path, program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(wine());
    cmd.arg(program).args(args).current_dir(cwd);
    cmd
}

/// opfolg.exe with `args` (Windows spellings) in `cwd`, its output piped:
/// a console of no one's, as from a script.
pub fn exe_run(cwd: &Path, args: &[&str]) -> Out {
    finish(
        wine_command(cwd, &win(&exe()), args),
        Duration::from_secs(120),
    )
}

/// The Linux binary with `args` in `cwd`.
pub fn linux_run(cwd: &Path, args: &[&str]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opfolg"));
    cmd.args(args).current_dir(cwd);
    finish(cmd, Duration::from_secs(120))
}

/// Runs `cmd` to its end, or fails the test after `limit` (opfolg waiting
/// for a key where it must not would hang the suite otherwise).
pub fn finish(mut cmd: Command, limit: Duration) -> Out {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let (code, stdout, stderr) = wait(child, limit, &format!("{cmd:?}"));
    Out {
        code,
        stdout,
        stderr,
    }
}

/// Waits for `child` (its stdout and stderr piped) at most `limit`.
pub fn wait(mut child: Child, limit: Duration, what: &str) -> (i32, String, String) {
    let (tx, rx) = std::sync::mpsc::channel();
    for (i, r) in [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .enumerate()
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut bytes);
            }
            let _ = tx.send((i, String::from_utf8(bytes).expect("the output is UTF-8")));
        });
    }
    let code = exit_within(&mut child, limit)
        .unwrap_or_else(|| panic!("{what} did not end within {limit:?}"));
    // A program the child started (a Wine service) may keep the pipes
    // open: that fails the test rather than hang it.
    let mut out = [String::new(), String::new()];
    for _ in 0..2 {
        let (i, text) = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("{what} ended, but its output pipes stayed open"));
        out[i] = text;
    }
    let [stdout, stderr] = out;
    (code, stdout, stderr)
}

/// The exit code of `child` if it ends within `limit`; else it is killed.
pub fn exit_within(child: &mut Child, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status.code().unwrap_or(-1));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Copies the bundled samples (the workbooks and `afdeling/`) to `to`.
pub fn copy_samples(to: &Path) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    copy_dir(&samples, to, &|p| {
        p.is_dir() || p.extension().is_some_and(|e| e == "xlsx")
    });
}

fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        // The samples' sources and renders are not workbooks to run on.
        if !keep(&p) || name == "src" || name == "render" {
            continue;
        }
        if p.is_dir() {
            copy_dir(&p, &to.join(name), keep);
        } else if !name.to_string_lossy().contains("-annoteret") {
            std::fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

/// Every file under `dir`, by its path relative to `dir`.
pub fn tree(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, p);
            }
        }
    }
    out
}

/// A workbook's parts, each inflated; in `docProps/core.xml` the created
/// and modified times are taken out (the one thing two runs may differ in).
pub fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "docProps/core.xml" {
            bytes = mask_times(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.insert(name, bytes);
    }
    out
}

fn mask_times(text: &str) -> String {
    let mut out = text.to_string();
    for tag in ["dcterms:created", "dcterms:modified"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        if let (Some(a), Some(b)) = (out.find(&open), out.find(&close))
            && let Some(gt) = out[a..b].find('>')
        {
            out.replace_range(a + gt + 1..b, "TIME");
        }
    }
    out
}

/// The same files under both folders: workbooks the same part by part
/// (the time stamps aside), other files byte for byte. Returns how many
/// workbooks were compared.
pub fn assert_same_files(linux: &Path, windows: &Path) -> usize {
    let (a, b) = (tree(linux), tree(windows));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files written"
    );
    let mut workbooks = 0;
    for (name, pa) in &a {
        let (x, y) = (std::fs::read(pa).unwrap(), std::fs::read(&b[name]).unwrap());
        if x.starts_with(b"PK\x03\x04") {
            let (px, py) = (parts(pa), parts(&b[name]));
            assert_eq!(
                px.keys().collect::<Vec<_>>(),
                py.keys().collect::<Vec<_>>(),
                "{name}"
            );
            for (part, bytes) in &px {
                assert!(bytes == &py[part], "{name}: part {part} differs");
            }
            workbooks += 1;
        } else {
            assert!(x == y, "{name} differs");
        }
    }
    workbooks
}

/// A folder of Wine's for UNC paths: `\\opfolgtest\<share>` is `dir`
/// (Wine finds `\\server\share` under `$WINEPREFIX/dosdevices/unc`).
pub fn unc_share(share: &str, dir: &Path) -> String {
    let prefix = env_path("WINEPREFIX");
    let server = prefix.join("dosdevices/unc/opfolgtest");
    std::fs::create_dir_all(&server).unwrap();
    let link = server.join(share);
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(dir, &link).unwrap();
    format!(r"\\opfolgtest\{share}")
}
