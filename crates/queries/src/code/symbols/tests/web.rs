//! JavaScript, TypeScript and TSX fixtures.

use expect_test::expect;

use super::check;
use crate::code::analysis::extract;
use crate::code::lang::LanguageSpec;

#[test]
fn javascript() {
    check(
        "javascript",
        r#"import { readFile } from "fs";
const path = require("path");

export const LIMIT = 10;

export function load(file) {
  return readFile(file);
}

class Store extends Base {
  constructor() {
    super();
    this.items = new Map();
  }

  get(key) {
    return this.items.get(key);
  }

  static create() {
    return new Store();
  }
}

const handler = async (event) => {
  return event;
};

function broken( {
  let x = ;
}

module.exports.save = function (store) {
  return store;
};

function* ids() {
  yield 1;
}
"#,
        expect![[r#"
                2-2 const     path (name line 2)
                4-4 const     LIMIT (name line 4)
                6-8 function  load (name line 6)
              10-23 class     Store (name line 10)
              11-14 method    Store.constructor (name line 11)
              16-18 method    Store.get (name line 16)
              20-22 method    Store.create (name line 20)
              25-27 function  handler (name line 25)
              33-35 function  save (name line 33)
              37-39 function  ids (name line 37)
            imports: fs, path
            syntax errors on lines: [29]
        "#]],
    );
}

#[test]
fn typescript() {
    check(
        "typescript",
        r#"import { Injectable } from "@angular/core";
import type { Config } from "./config";

export interface Backend<T> {
  flush(): Promise<void>;
  name: string;
}

export type Key = string | number;

export enum Mode {
  Fast,
  Safe,
}

@Injectable()
export class Store<K, V> implements Backend<V> {
  private items = new Map<K, V>();

  @Log()
  get(key: K): V | undefined {
    return this.items.get(key);
  }

  async flush(): Promise<void> {}
}

export abstract class Base {
  abstract name(): string;
}

function broken(: {
  let x = ;
}

namespace Util {
  export function helper(): void {}
}

export const create = <T,>(value: T): T => value;
declare function external(x: number): void;
"#,
        expect![[r#"
                4-7 interface Backend (name line 4)
                5-5 method    Backend.flush (name line 5)
                9-9 type      Key (name line 9)
              11-14 enum      Mode (name line 11)
              16-26 class     Store (name line 17)
              20-23 method    Store.get (name line 21)
              25-25 method    Store.flush (name line 25)
              28-30 class     Base (name line 28)
              29-29 method    Base.name (name line 29)
              36-38 module    Util (name line 36)
              37-37 function  Util.helper (name line 37)
              40-40 function  create (name line 40)
              41-41 function  external (name line 41)
            imports: @angular/core, ./config
            syntax errors on lines: [32]
        "#]],
    );
}

#[test]
fn tsx() {
    check(
        "tsx",
        r#"import React from "react";

interface Props {
  title: string;
}

export function Header({ title }: Props) {
  return <h1 className="title">{title}</h1>;
}

export const Footer = ({ year }: { year: number }) => (
  <footer>{year}</footer>
);

class Page extends React.Component<Props> {
  render() {
    return <div><Header title={this.props.title} /></div>;
  }
}

function broken( {
  return <div;
}

export default function App() {
  return <Page title="home" />;
}
"#,
        expect![[r#"
                3-5 interface Props (name line 3)
                7-9 function  Header (name line 7)
              11-13 function  Footer (name line 11)
              15-19 class     Page (name line 15)
              16-18 method    Page.render (name line 16)
              25-27 function  App (name line 25)
            imports: react
            syntax errors on lines: [21]
        "#]],
    );
}

#[test]
fn javascript_class_expressions() {
    check(
        "javascript",
        r#"module.exports = class Router {
  route(path) {
    return path;
  }
};

const View = class {
  render() {}
};

const Named = class Inner {};

exports.Layer = class Layer extends Base {};
"#,
        expect![[r#"
                1-5 class     Router (name line 1)
                2-4 method    Router.route (name line 2)
                7-9 class     View (name line 7)
                8-8 method    View.render (name line 8)
              11-11 class     Named (name line 11)
              13-13 class     Layer (name line 13)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

/// A computed or string key is the whole name, not the last segment after a `.` in it: ctags
/// names `[Symbol.iterator]() {}` so, and a citation names the member so.
#[test]
fn javascript_computed_and_string_keys_are_whole_names() {
    let spec = LanguageSpec::by_id("javascript").expect("a registered language");
    let source = "class Headers {\n  [Symbol.iterator]() {}\n  get [Symbol.toStringTag]() { return 'H'; }\n}\nconst o = {\n  [key]() {},\n  'q=0.5': function () {},\n};\n";
    let names: Vec<String> = extract(spec, source)
        .symbols
        .iter()
        .map(|symbol| format!("{} = {}", symbol.qualified_name, symbol.name))
        .collect();
    expect![[r#"
        Headers = Headers
        Headers.[Symbol.iterator] = [Symbol.iterator]
        Headers.[Symbol.toStringTag] = [Symbol.toStringTag]
        o = o
        [key] = [key]
        'q=0.5' = 'q=0.5'"#]]
    .assert_eq(&names.join("\n"));
}

/// Call signatures with type parameters on consecutive lines are members of their interface
/// (tree-sitter reads the second as a comparison; see `code/separators.rs`): the interfaces
/// after them are still found.
#[test]
fn typescript_generic_call_signatures_on_consecutive_lines() {
    check(
        "typescript",
        r#"export interface Trigger<Data = any> {
  <S = Data>(
    arg?: S,
  ): Promise<Data>
  <S = Data>(
    arg?: S,
  ): Promise<Data | undefined>
}

export interface Response<Data> {
  trigger: Trigger<Data>
}

export const VERSION = "1";
"#,
        expect![[r#"
                1-8 interface Trigger (name line 1)
              10-12 interface Response (name line 10)
              14-14 const     VERSION (name line 14)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}
