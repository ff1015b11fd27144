//! Prints the page's words of every built-in template as JSON, for
//! `scripts/build-web.sh` to put into the page: the page shows them before
//! the WebAssembly module has loaded, and they come from the templates
//! like every other word opfolg writes.

use opfolg::template::Template;
use serde_json::json;

fn main() {
    let words = |t: Template| {
        json!({
            "language": t.language,
            "web": t.web_words(),
            "rounds": t.rounds.labels,
            "severity": {
                "error": t.words.error,
                "warning": t.words.warning,
                "info": t.words.info,
            },
            "glyphs": [t.smileys.write_happy, t.smileys.write_neutral, t.smileys.write_sad],
        })
    };
    let all = json!({
        "da": words(Template::danish()),
        "en": words(Template::english()),
    });
    println!("{all}");
}
