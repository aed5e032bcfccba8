//! Java, C and C++ fixtures.

use expect_test::expect;

use super::check;

#[test]
fn java() {
    check(
        "java",
        r#"package com.example.store;

import java.util.HashMap;
import java.util.Map;

@Service
public class Store<K, V> implements Backend {
    public static final int MAX_KEYS = 1024;
    private final Map<K, V> items = new HashMap<>();

    public Store() {}

    @Override
    public V get(K key) {
        return items.get(key);
    }

    static class Entry {
        String key() { return null; }
    }

    void broken( {
        int x = ;
    }

    public <T> T convert(T value) {
        return value;
    }
}

interface Backend {
    int LIMIT = 3;
    void flush();
}

enum Mode { FAST, SAFE; boolean fast() { return this == FAST; } }

record Point(int x, int y) {}

@interface Audit {
    String value();
}
"#,
        expect![[r#"
                1-1 module    com.example.store (name line 1)
               6-29 class     Store (name line 7)
                8-8 const     Store.MAX_KEYS (name line 8)
              11-11 method    Store.Store (name line 11)
              13-16 method    Store.get (name line 14)
              18-20 class     Store.Entry (name line 18)
              19-19 method    Store.Entry.key (name line 19)
              22-24 method    Store.broken (name line 22)
              26-28 method    Store.convert (name line 26)
              31-34 interface Backend (name line 31)
              32-32 const     Backend.LIMIT (name line 32)
              33-33 method    Backend.flush (name line 33)
              36-36 enum      Mode (name line 36)
              36-36 method    Mode.fast (name line 36)
              38-38 class     Point (name line 38)
              40-42 interface Audit (name line 40)
              41-41 method    Audit.value (name line 41)
            imports: java.util.HashMap, java.util.Map
            syntax errors on lines: [22, 23]
        "#]],
    );
}

#[test]
fn c() {
    check(
        "c",
        r#"#include <stdio.h>
#include "store.h"

#define MAX_KEYS 1024
#define SQUARE(x) ((x) * (x))

struct entry {
    const char *key;
    int value;
};

typedef struct {
    struct entry *items;
    size_t len;
} store_t;

enum mode { MODE_FAST, MODE_SAFE };

typedef int (*callback_t)(int);

static int store_get(store_t *s, const char *key)
{
    return 0;
}

char *store_name(store_t *s) {
    return "store";
}

int broken( {
    int x = ;
}

int main(int argc, char **argv) {
    return 0;
}
"#,
        expect![[r#"
                4-4 macro     MAX_KEYS (name line 4)
                5-5 macro     SQUARE (name line 5)
               7-10 struct    entry (name line 7)
              12-15 type      store_t (name line 15)
              17-17 enum      mode (name line 17)
              19-19 type      callback_t (name line 19)
              21-24 function  store_get (name line 21)
              26-28 function  store_name (name line 26)
              34-36 function  main (name line 34)
            imports: stdio.h, store.h
            syntax errors on lines: [30]
        "#]],
    );
}

#[test]
fn cpp() {
    check(
        "cpp",
        r#"#include <map>
#include "store.hpp"

namespace app {

template <typename K, typename V>
class Store {
public:
    Store() = default;

    V get(const K& key) const {
        return items_.at(key);
    }

    void put(const K& key, V value);

private:
    std::map<K, V> items_;
};

template <typename K, typename V>
void Store<K, V>::put(const K& key, V value) {
    items_[key] = value;
}

struct Entry { int key; };

enum class Mode { Fast, Safe };

using Key = std::string;

int broken( {
    int x = ;
}

}  // namespace app

int main() {
    return 0;
}
"#,
        expect![[r#"
               4-36 module    app (name line 4)
               6-19 class     app::Store (name line 7)
                9-9 method    app::Store::Store (name line 9)
              11-13 method    app::Store::get (name line 11)
              21-24 function  app::Store::put (name line 22)
              26-26 struct    app::Entry (name line 26)
              28-28 enum      app::Mode (name line 28)
              30-30 type      app::Key (name line 30)
              38-40 function  main (name line 38)
            imports: map, store.hpp
            syntax errors on lines: [32]
        "#]],
    );
}

#[test]
fn cpp_conversion_operators() {
    check(
        "cpp",
        r#"namespace doctest {
class String {
public:
    operator const char*() const { return data; }
    explicit operator bool() const noexcept { return size != 0; }
    template <typename T>
    operator std::vector<T>() const { return {}; }
    operator const String&() const;
};

String::operator const String&() const { return *this; }
String::operator int*() { return nullptr; }
}
"#,
        expect![[r#"
               1-13 module    doctest (name line 1)
                2-9 class     doctest::String (name line 2)
                4-4 method    doctest::String::operator const char* (name line 4)
                5-5 method    doctest::String::operator bool (name line 5)
                6-7 method    doctest::String::operator std::vector<T> (name line 7)
              11-11 function  doctest::String::operator const String& (name line 11)
              12-12 function  doctest::String::operator int* (name line 12)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

/// A C++20 module import declares nothing (tree-sitter reads `import std;` as a variable
/// `std` of a type `import`); a variable after it still counts.
#[test]
fn cpp_module_imports_declare_nothing() {
    check(
        "cpp",
        r#"export module demo;
import std;
export import fmt;
import <vector>;

int counter = 0;
"#,
        expect![[r#"
                6-6 variable  counter (name line 6)
            imports: 
            syntax errors on lines: [1, 3]
        "#]],
    );
}
