namespace Codewalkers.Collaboration.Tests.Reviews;

/// <summary>Unified patches as <c>git diff --no-color</c> writes them.</summary>
public static class Patches
{
    /// <summary>src/app.cs: context lines 1-2, added 3-4, removed old line 3, context 5.</summary>
    public const string App = """
        diff --git a/src/app.cs b/src/app.cs
        index 1111111..2222222 100644
        --- a/src/app.cs
        +++ b/src/app.cs
        @@ -1,4 +1,5 @@
         using System;
         class App {
        -    int old = 0;
        +    int x = 1;
        +    int y = 2;
         }
        """;

    /// <summary>The same file after a later push: two lines added above, so "int x = 1;" moved to line 5.</summary>
    public const string AppPushedAgain = """
        diff --git a/src/app.cs b/src/app.cs
        index 1111111..3333333 100644
        --- a/src/app.cs
        +++ b/src/app.cs
        @@ -1,4 +1,7 @@
         using System;
        +// A header
        +// more
         class App {
        -    int old = 0;
        +    int x = 1;
        +    int y = 2;
         }
        """;

    /// <summary>The line "int x = 1;" is gone: the later push changed it.</summary>
    public const string AppRewritten = """
        diff --git a/src/app.cs b/src/app.cs
        index 1111111..4444444 100644
        --- a/src/app.cs
        +++ b/src/app.cs
        @@ -1,4 +1,4 @@
         using System;
         class App {
        -    int old = 0;
        +    long x = 1;
         }
        """;

    /// <summary>A new file and a deleted one, the deleted one without a newline at its end.</summary>
    public const string NewAndDeleted = """
        diff --git a/docs/new.md b/docs/new.md
        new file mode 100644
        index 0000000..5555555
        --- /dev/null
        +++ b/docs/new.md
        @@ -0,0 +1,2 @@
        +# New
        +text
        diff --git a/old.txt b/old.txt
        deleted file mode 100644
        index 6666666..0000000
        --- a/old.txt
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -gone 1
        -gone 2
        \ No newline at end of file
        """;
}
