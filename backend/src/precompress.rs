//! `echelon precompress <DIR>`: writes a brotli (`.br`) and a gzip (`.gz`) sibling next to every
//! text or wasm file of the built web app, so the server sends them as they are instead of
//! compressing on every request (see `web.rs`). Its output is also the size report of the app.
use flate2::{write::GzEncoder, Compression};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The kinds of files worth compressing; images and fonts are compressed already.
pub const EXTENSIONS: [&str; 6] = ["wasm", "js", "css", "html", "svg", "json"];
/// Smaller files gain less than the bytes of the encoding's own framing.
pub const MIN_BYTES: u64 = 1024;
/// Brotli at its best: quality 11 with a 4 MiB window (2^22), which browsers all accept.
const BROTLI_QUALITY: i32 = 11;
const BROTLI_WINDOW: i32 = 22;

/// One file and the sizes of its encodings, in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
    /// Whether the siblings were written now (`false`: they were newer than the file already).
    pub written: bool,
}

impl Sizes {
    /// The report line: raw, gzip and brotli sizes, then the path below `root`.
    pub fn line(&self, root: &Path) -> String {
        let rel = self.path.strip_prefix(root).unwrap_or(&self.path);
        format!(
            "{:>10} {:>10} {:>10}  {}{}",
            self.raw,
            self.gzip,
            self.brotli,
            rel.display(),
            if self.written { "" } else { "  (up to date)" }
        )
    }
}

/// The header over the report lines.
pub const HEADER: &str = "       raw       gzip     brotli  file (bytes)";

/// Compresses every eligible file below `dir` (in path order), calling `each` after each file.
pub fn precompress(dir: &Path, mut each: impl FnMut(&Sizes)) -> io::Result<Vec<Sizes>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let sizes = compress_file(&path)?;
        each(&sizes);
        out.push(sizes);
    }
    Ok(out)
}

/// Eligible files below `dir`; symbolic links are not followed.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            collect(&path, files)?;
        } else if kind.is_file() && eligible(&path) && entry.metadata()?.len() >= MIN_BYTES {
            files.push(path);
        }
    }
    Ok(())
}

fn eligible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn compress_file(path: &Path) -> io::Result<Sizes> {
    let (br, gz) = (sibling(path, "br"), sibling(path, "gz"));
    let original = modified(path);
    let fresh = |s: &Path| matches!((modified(s), original), (Some(s), Some(o)) if s >= o);
    if fresh(&br) && fresh(&gz) {
        return Ok(Sizes {
            path: path.to_path_buf(),
            raw: fs::metadata(path)?.len(),
            gzip: fs::metadata(&gz)?.len(),
            brotli: fs::metadata(&br)?.len(),
            written: false,
        });
    }
    let raw = fs::read(path)?;
    let gzipped = gzip(&raw)?;
    let brotlied = brotli(&raw, path.extension().is_some_and(|e| e != "wasm"))?;
    write_atomically(&gz, &gzipped)?;
    write_atomically(&br, &brotlied)?;
    Ok(Sizes {
        path: path.to_path_buf(),
        raw: raw.len() as u64,
        gzip: gzipped.len() as u64,
        brotli: brotlied.len() as u64,
        written: true,
    })
}

fn gzip(raw: &[u8]) -> io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::with_capacity(raw.len() / 2), Compression::best());
    enc.write_all(raw)?;
    enc.finish()
}

fn brotli(raw: &[u8], text: bool) -> io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        size_hint: raw.len(),
        mode: if text {
            brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_TEXT
        } else {
            brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_GENERIC
        },
        ..Default::default()
    };
    let mut out = Vec::with_capacity(raw.len() / 2);
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params)?;
    Ok(out)
}

/// Writes beside the target and renames, so a server never sends half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = sibling(path, "tmp");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn temp_dir() -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("echelon-precompress-{}", uuid::Uuid::now_v7()));
        fs::create_dir_all(dir.join("sub")).unwrap();
        dir
    }

    #[test]
    fn compresses_eligible_files_once_and_leaves_the_rest() {
        let dir = temp_dir();
        let text = "function echelon() { return '呼叫中心'; }\n".repeat(200);
        fs::write(dir.join("sub/app.js"), &text).unwrap();
        fs::write(dir.join("tiny.css"), "body{}").unwrap();
        fs::write(dir.join("logo.png"), vec![7u8; 4096]).unwrap();
        let first = precompress(&dir, |_| {}).unwrap();
        assert_eq!(first.len(), 1, "{first:?}");
        let s = &first[0];
        assert!(s.written && s.brotli < s.gzip && s.gzip < s.raw, "{s:?}");
        assert!(!dir.join("tiny.css.br").exists());
        assert!(!dir.join("logo.png.gz").exists());

        let mut unbr = Vec::new();
        brotli::Decompressor::new(&fs::read(dir.join("sub/app.js.br")).unwrap()[..], 4096)
            .read_to_end(&mut unbr)
            .unwrap();
        assert_eq!(unbr, text.as_bytes());
        let mut ungz = Vec::new();
        flate2::read::GzDecoder::new(&fs::read(dir.join("sub/app.js.gz")).unwrap()[..])
            .read_to_end(&mut ungz)
            .unwrap();
        assert_eq!(ungz, text.as_bytes());

        let again = precompress(&dir, |_| {}).unwrap();
        assert!(!again[0].written, "siblings newer than the file are kept");
        assert_eq!(again[0].brotli, s.brotli);
        assert!(again[0].line(&dir).ends_with("sub/app.js  (up to date)"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
