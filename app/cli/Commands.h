#pragma once
// The subcommands of the insolepose command line tool. The tool is three programs, so that each
// command loads only the libraries it needs (docs/ARCHITECTURE.md, Programs):
//   insolepose        info, repair, record (base and devices only; starts in a few milliseconds)
//   insolepose-data   synth, simulate, snapshot, compare (adds synth, media: OpenCV video, report)
//   insolepose-model  train, evaluate, predict, export-weights, experiment (adds LibTorch)
// `insolepose` runs the other two for their commands, so users always type `insolepose CMD`.
// Each command returns the process exit code and prints its own errors to stderr.
#include <QStringList>

#include <memory>
#include <optional>
#include <span>

class QCommandLineOption;
class QCoreApplication;
class QTextStream;
class QCommandLineParser;

namespace insolepose::cli {

/// Adds --help, parses `args` (argv[0] first) for subcommand `name`. Returns false when the
/// command should end now, with `rc` set: 0 after printing the help, 2 after a usage error.
bool parseCommand(QCommandLineParser& parser, const QStringList& args, const char* name, int& rc);

/// The value of numeric option `option` when it is a finite number in [min, max]. Otherwise prints
/// "insolepose COMMAND: --NAME VALUE: must be ..." on stderr and returns nothing (the command then
/// exits 2). Every numeric option goes through one of these two: NaN, inf, 1e30 and typos never
/// reach the code (a NaN time, an overflowing duration, a hang on 100000 threads).
std::optional<double> numberOption(const QCommandLineParser& parser, const QCommandLineOption& option, double min,
                                   double max, const char* command);
/// The same for an integer option (no fraction, no exponent beyond what fits).
std::optional<qint64> integerOption(const QCommandLineParser& parser, const QCommandLineOption& option, qint64 min,
                                    qint64 max, const char* command);

/// Standard output and error as QTextStreams, shared by the commands of a program.
QTextStream& out();
QTextStream& err();

enum class Program { Front, Data, Model };
struct Command {
    const char* name;
    Program program;
    int (*run)(const QStringList& args); ///< Set in the program that implements the command.
};

/// Makes the program's application object for `command` (e.g. a QGuiApplication on the "offscreen"
/// platform for commands that paint charts and PDF reports); nullptr: a QCoreApplication. It is
/// given only the program's name (argc 1), never the command's options.
using MakeApplication = std::unique_ptr<QCoreApplication> (*)(int& argc, char** argv, const QString& command);

/// Runs `argv[1]` from `commands` with the remaining arguments (argv[0] kept first); prints an
/// error naming the command when it is not one of them. For the helper programs' main().
int runCommand(int argc, char** argv, std::span<const Command> commands, const char* program,
               MakeApplication makeApplication = nullptr);

// insolepose
int runInfo(const QStringList& args);
int runRepair(const QStringList& args);
int runRecord(const QStringList& args);
int runLabels(const QStringList& args);
// insolepose-data
int runSynth(const QStringList& args);
int runSnapshot(const QStringList& args);
int runSimulate(const QStringList& args);
int runGait(const QStringList& args);
int runCompare(const QStringList& args);
int runImport(const QStringList& args);
int runExport(const QStringList& args);
int runSync(const QStringList& args);
int runAttachVideo(const QStringList& args);
int runDataset(const QStringList& args);
// insolepose-model
int runTrain(const QStringList& args);
int runEvaluate(const QStringList& args);
int runPredict(const QStringList& args);
int runExportWeights(const QStringList& args);
int runExperiment(const QStringList& args);
int runProposeLabels(const QStringList& args);

} // namespace insolepose::cli
