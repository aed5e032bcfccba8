//! Constants and variables the grammars misread or hide: C and C++ pointers to functions
//! read as calls, attribute macros after a declarator, a struct named by a macro, dead
//! `#if 0` text, declarations a stray `{` swallowed, members and locals of a class or
//! function body error recovery tore apart or parsed again, values `#ifdef` chooses; Java's
//! `final static`.

use expect_test::expect;

use super::check;

#[test]
fn c_function_pointers_and_macro_named_structs() {
    check(
        "c",
        r#"#define MODULE_API
#define MODULE_ATTR __attribute__((weak))

monotime (*getMonotonicUs)(void) = NULL;
MODULE_API int (*Module_WrongArity)(Ctx *ctx) MODULE_ATTR;
MODULE_API int (*Module_Flags)(void) MODULE_ATTR;
struct UNITY_STORAGE_T Unity;

#if 0
static int dead_counter = 0;
#else
static int live_counter = 0;
#endif

void run(void)
{
    call(*hook)(arg);
}

{
static const int swallowed_by_a_stray_brace = 2;
    int local = 3;
}
"#,
        expect![[r#"
                1-1 macro     MODULE_API (name line 1)
                2-2 macro     MODULE_ATTR (name line 2)
                4-4 variable  getMonotonicUs (name line 4)
                5-5 variable  Module_WrongArity (name line 5)
                6-6 variable  Module_Flags (name line 6)
                7-7 variable  Unity (name line 7)
              12-12 variable  live_counter (name line 12)
              15-18 function  run (name line 15)
              21-21 const     swallowed_by_a_stray_brace (name line 21)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}

#[test]
fn cpp_function_pointers_members_under_if_and_torn_classes() {
    check(
        "cpp",
        r#"namespace module {
int (*get)(Ctx *ctx);
}

class Value {
    int kept = 0;
#if DIAGNOSTICS
    Value* m_parent = nullptr;
#endif
};

template<typename T>
class serializer {
  public:
    void dump(const T& t) {
        for (;;)
        {
            case 1: o->write(#); break;
        }
    }}
  private:
    int indent = 0;
    const char indent_char;
#if DIAGNOSTICS
    T* parent = nullptr;
#endif
};

int after_the_error = 1;

bool operator<(const value& lhs, const value& rhs) noexcept
{
    if (lhs.kind) { o->write(#); }}
    const auto lhs_type = lhs.type();
    return lhs_type < rhs.type();
}
"#,
        expect![[r#"
                1-3 module    module (name line 1)
                2-2 variable  module::get (name line 2)
               5-10 class     Value (name line 5)
              13-20 class     serializer (name line 13)
              15-20 method    serializer::dump (name line 15)
              29-29 variable  after_the_error (name line 29)
              31-33 function  operator< (name line 31)
            imports: 
            syntax errors on lines: [18, 21, 27, 33, 36]
        "#]],
    );
}

#[test]
fn values_chosen_by_ifdef_and_pointers_to_functions_returning_pointers() {
    check(
        "cpp",
        r#"#ifndef PAGES_H
#define PAGES_H
static const bool pages_can_purge_lazy =
#ifdef PAGES_CAN_PURGE_LAZY
    true
#else
    false
#endif
    ;
bool	opt_abort =
#ifdef JEMALLOC_DEBUG
    true
#else
    false
#endif
    ;

#if !defined MODULE_CORE
MODULE_API Dict * (*Module_CreateDict)(Ctx *ctx) MODULE_ATTR;
MODULE_API void (*Module_FreeDict)(Ctx *ctx, Dict *d) MODULE_ATTR;
#endif

namespace detail {
    struct DOCTEST_INTERFACE TestCase;
}
#endif
"#,
        expect![[r#"
                2-2 macro     PAGES_H (name line 2)
                3-3 const     pages_can_purge_lazy (name line 3)
              10-10 variable  opt_abort (name line 10)
              19-19 variable  Module_CreateDict (name line 19)
              20-20 variable  Module_FreeDict (name line 20)
              23-25 module    detail (name line 23)
            imports: 
            syntax errors on lines: [3, 5, 7, 10, 12, 14]
        "#]],
    );
}

/// Recovery parses again from the first line at column 0 in an error, here a preprocessor
/// line inside a body: the indented declaration after it is a local.
#[test]
fn locals_after_a_preprocessor_line_in_a_recovered_region() {
    check(
        "cpp",
        r#"int before = 1;

    {
#if IMPLICIT_CONVERSIONS
        auto it = find_if(j, [](int v) noexcept
            return (v % 2) == 0;
"#,
        expect![[r#"
                1-1 variable  before (name line 1)
            imports: 
            syntax errors on lines: [3, 5, 6]
        "#]],
    );
}

#[test]
fn java_final_static_fields() {
    check(
        "java",
        r#"package app;

public class Names {
    private final static String NN = "n";
    final static int COUNT = 1;
    final int instance = 1;
}
"#,
        expect![[r#"
                1-1 module    app (name line 1)
                3-7 class     Names (name line 3)
                4-4 const     Names.NN (name line 4)
                5-5 const     Names.COUNT (name line 5)
            imports: 
            syntax errors on lines: []
        "#]],
    );
}
