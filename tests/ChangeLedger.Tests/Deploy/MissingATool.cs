using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Deploy;

/// <summary>A test that needs a program this machine lacks: skipped on a developer's machine, failed in CI.</summary>
public sealed class MissingATool
{
    [Fact]
    public void outside_ci_the_test_is_skipped_saying_what_to_install()
    {
        var missing = Tools.Missing("Debian's Chromium (/usr/bin/chromium) is not installed: apt-get install chromium", inCi: false);

        missing.ShouldBeOfType<SkipException>().Message.ShouldBe(
            "Debian's Chromium (/usr/bin/chromium) is not installed: apt-get install chromium (this test is skipped outside CI)");
    }

    [Fact]
    public void in_ci_the_test_fails_saying_what_to_install()
    {
        var missing = Tools.Missing("Debian's python3 cannot import securesystemslib.signer: apt-get install python3-securesystemslib", inCi: true);

        missing.ShouldNotBeOfType<SkipException>();
        missing.Message.ShouldStartWith("Debian's python3 cannot import securesystemslib.signer: apt-get install python3-securesystemslib; CI runs every test");
    }

    [Fact]
    public void a_program_on_the_path_is_found_and_one_that_is_not_is_not()
    {
        Tools.Find("dotnet").ShouldNotBeNull();
        Tools.Find("changeledger-no-such-program").ShouldBeNull();
        Tools.Find("/no/such/program").ShouldBeNull();
    }
}
