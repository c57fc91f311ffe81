using ChangeLedger.Contracts.Reports;

namespace ChangeLedger.Cli;

/// <summary>A report named on the command line: read and summarised, or the exit code and message that say why not.</summary>
public static class ReportFile
{
    public static Summarised<T> Read<T>(string path, Func<Stream, T> summarise)
    {
        try
        {
            return Report.Read(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan), summarise);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.NoInput, $"cannot read {path}: {ex.Message}");
        }
        catch (Exception ex) when (ex is ReportException or System.Xml.XmlException or System.Text.Json.JsonException)
        {
            throw new CliException(ExitCodes.Usage, $"{path}: {ex.Message}");
        }
    }
}
