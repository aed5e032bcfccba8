//! Fixture tests: one file per language and flag framework in, its facts out.

use expect_test::{Expect, expect};

use crate::code::analysis::analyze_text;
use crate::code::lang::LanguageSpec;

fn check(language: &str, source: &str, expected: Expect) {
    let facts = analyze_text(LanguageSpec::by_id(language).unwrap(), source).facts;
    let mut out = String::new();
    for fact in &facts.entrypoints {
        out.push_str(&format!("entrypoint {}: {}\n", fact.line, fact.text));
    }
    for flag in &facts.flags {
        out.push_str(&format!("flag {}: long={:?} short={:?}\n", flag.line, flag.long, flag.short));
    }
    for fact in &facts.env_vars {
        out.push_str(&format!("env {}: {}\n", fact.line, fact.text));
    }
    for fact in &facts.config_files {
        out.push_str(&format!("config {}: {}\n", fact.line, fact.text));
    }
    for fact in &facts.invariants {
        out.push_str(&format!("invariant {}: {}\n", fact.line, fact.text));
    }
    for implementation in &facts.implementations {
        out.push_str(&format!(
            "impl {}: {} for {}\n",
            implementation.line, implementation.interface, implementation.implementor
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn rust_clap_derive_and_builder() {
    check(
        "rust",
        r#"use clap::{Arg, Parser};

#[derive(Parser)]
struct Cli {
    /// Say more.
    #[arg(short, long)]
    verbose: bool,
    #[arg(long = "max-count", short = 'm', default_value_t = 10)]
    max: usize,
    #[arg(long)]
    dry_run: bool,
    #[arg(value_name = "PATH")]
    path: std::path::PathBuf,
    #[command(subcommand)]
    command: Command,
}

fn build() -> clap::Command {
    clap::Command::new("x")
        .arg(Arg::new("color").long("color").short('c'))
        .arg(Arg::new("quiet").short('q'))
}

fn main() {
    let home = std::env::var("HOME").unwrap();
    let log = env!("CARGO_PKG_NAME");
    let config = "plan.toml";
    assert!(!home.is_empty(), "home is set");
    // SAFETY: the pointer outlives the call.
    unreachable!("done");
}

impl std::fmt::Display for Cli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }
}
"#,
        expect![[r#"
            entrypoint 24: fn main() {
            flag 4: long=Some("help") short=Some("h")
            flag 7: long=Some("verbose") short=Some("v")
            flag 9: long=Some("max-count") short=Some("m")
            flag 11: long=Some("dry-run") short=None
            flag 20: long=Some("color") short=Some("c")
            flag 21: long=None short=Some("q")
            env 25: HOME
            env 26: CARGO_PKG_NAME
            config 27: plan.toml
            invariant 28: assert!(!home.is_empty(), "home is set")
            invariant 29: // SAFETY: the pointer outlives the call.
            invariant 30: unreachable!("done")
            impl 33: Display for Cli
        "#]],
    );
}

#[test]
fn go_flag_pflag_and_cobra() {
    check(
        "go",
        r#"package main

import (
	"flag"
	"os"
)

var addr = flag.String("addr", ":8080", "listen address")

func init() {
	flag.BoolVar(&verbose, "v", false, "verbose")
	rootCmd.Flags().StringVarP(&output, "output", "o", "", "output file")
	rootCmd.PersistentFlags().BoolP("debug", "d", false, "debug")
	fs.Int("workers", 4, "workers")
	strings.Split("a,b", ",")
}

func main() {
	home := os.Getenv("HOME")
	cfg := "config.yaml"
	if home == "" {
		panic("no home")
	}
}
"#,
        expect![[r#"
            entrypoint 18: func main() {
            flag 8: long=Some("addr") short=None
            flag 11: long=None short=Some("v")
            flag 12: long=Some("output") short=Some("o")
            flag 13: long=Some("debug") short=Some("d")
            flag 14: long=Some("workers") short=None
            env 19: HOME
            config 20: config.yaml
            invariant 22: panic("no home")
        "#]],
    );
}

#[test]
fn python_argparse_click_typer() {
    check(
        "python",
        r#"import argparse
import os

import click
import typer


class Command(BaseCommand, mixins.Loggable):
    pass


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--foo", "-f", help="foo")
    parser.add_argument("path")
    return parser.parse_args()


@click.command()
@click.option("--count", "-c", default=1)
@click.option("--shout/--no-shout")
def hello(count, shout):
    assert count > 0
    token = os.environ["API_TOKEN"]
    debug = os.environ.get("DEBUG")
    path = os.getenv("HOME")


def main(name: str = typer.Option("world", "--name", "-n")):
    open("settings.ini")


if __name__ == "__main__":
    main()
"#,
        expect![[r#"
            entrypoint 33: if __name__ == "__main__":
            flag 13: long=Some("help") short=Some("h")
            flag 14: long=Some("foo") short=Some("f")
            flag 19: long=Some("help") short=None
            flag 20: long=Some("count") short=Some("c")
            flag 21: long=Some("no-shout") short=None
            flag 21: long=Some("shout") short=None
            flag 29: long=Some("name") short=Some("n")
            env 24: API_TOKEN
            env 25: DEBUG
            env 26: HOME
            config 30: settings.ini
            invariant 23: assert count > 0
            impl 8: BaseCommand for Command
            impl 8: Loggable for Command
        "#]],
    );
}

#[test]
fn javascript_commander_and_yargs() {
    check(
        "javascript",
        r#"const { program, Option } = require("commander");

program
  .option("-d, --debug", "output extra debugging")
  .requiredOption("--port <number>", "port")
  .addOption(new Option("-s, --secret").hideHelp());

yargs.option("verbose", { alias: "v", type: "boolean" });

class Store extends Base {}

const token = process.env.API_TOKEN;
const home = process.env["HOME"];
assert(token, "token is set");
const config = require("./config.json");
"#,
        expect![[r#"
            flag 4: long=Some("debug") short=Some("d")
            flag 5: long=Some("port") short=None
            flag 6: long=Some("secret") short=Some("s")
            flag 8: long=Some("verbose") short=Some("v")
            env 12: API_TOKEN
            env 13: HOME
            config 15: ./config.json
            invariant 14: assert(token, "token is set")
            impl 10: Base for Store
        "#]],
    );
}

#[test]
fn java_picocli() {
    check(
        "java",
        r#"import picocli.CommandLine.Option;

class App implements Runnable, Callable<Integer> {
    @Option(names = {"-v", "--verbose"}, description = "Verbose")
    boolean verbose;

    @Option(names = "--count")
    int count;

    public static void main(String[] args) {
        String home = System.getenv("HOME");
        assert args != null;
        load("app.properties");
    }
}
"#,
        expect![[r#"
            entrypoint 10: public static void main(String[] args) {
            flag 4: long=Some("verbose") short=Some("v")
            flag 7: long=Some("count") short=None
            env 11: HOME
            config 13: app.properties
            invariant 12: assert args != null;
            impl 3: Callable for App
            impl 3: Runnable for App
        "#]],
    );
}
