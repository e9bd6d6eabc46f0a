#include "Commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cmath>

namespace insolepose::cli {
namespace {

void optionError(const QCommandLineParser& parser, const QCommandLineOption& option, const char* command,
                 const QString& why)
{
    QTextStream(stderr) << "insolepose " << command << ": --" << option.names().constFirst() << " '"
                        << parser.value(option) << "': " << why << "\n";
}

} // namespace

bool parseCommand(QCommandLineParser& parser, const QStringList& args, const char* name, int& rc)
{
    parser.addHelpOption();
    if (!parser.parse(args)) {
        QTextStream(stderr) << "insolepose " << name << ": " << parser.errorText() << "\n";
        rc = 2;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // Qt names the program by the path it was started from (a libexec helper): name the
        // command as users type it.
        QString help = parser.helpText();
        const QString usage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
        if (help.startsWith(usage))
            help.replace(0, usage.size(), QStringLiteral("Usage: insolepose ") + QLatin1String(name));
        QTextStream(stdout) << help;
        rc = 0;
        return false;
    }
    return true;
}

std::optional<double> numberOption(const QCommandLineParser& parser, const QCommandLineOption& option, double min,
                                   double max, const char* command)
{
    bool ok = false;
    const double v = parser.value(option).trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < min || v > max) {
        optionError(parser, option, command,
                    QStringLiteral("must be a finite number from %1 to %2")
                        .arg(QString::number(min, 'g', 12), QString::number(max, 'g', 12)));
        return std::nullopt;
    }
    return v;
}

std::optional<qint64> integerOption(const QCommandLineParser& parser, const QCommandLineOption& option, qint64 min,
                                    qint64 max, const char* command)
{
    bool ok = false;
    const qint64 v = parser.value(option).trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max) {
        optionError(parser, option, command, QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max));
        return std::nullopt;
    }
    return v;
}

} // namespace insolepose::cli

#include "insolepose/Version.h"

#include <QCoreApplication>

namespace insolepose::cli {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

int runCommand(int argc, char** argv, std::span<const Command> commands, const char* program,
               MakeApplication makeApplication)
{
    // The application sees only the program's name: a QGuiApplication would otherwise take Qt's own
    // options out of the command line (-session, -platform, -style, ...), and `--session DIR` is
    // ours. The command's arguments are read from argv as they were given.
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    static int programOnly = 1;
    const std::unique_ptr<QCoreApplication> app = makeApplication
                                                      ? makeApplication(programOnly, argv, args.value(1))
                                                      : std::make_unique<QCoreApplication>(programOnly, argv);
    QCoreApplication::setApplicationName(QStringLiteral("insolepose"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersionString));
    const QString command = args.size() > 1 ? args[1] : QString();
    for (const Command& c : commands) {
        if (command == QLatin1String(c.name) && c.run) {
            args.removeAt(1); // leave argv[0] and the command's own options
            return c.run(args);
        }
    }
    QTextStream(stderr) << program << ": unknown command '" << command << "' (see insolepose --help)\n";
    return 2;
}

} // namespace insolepose::cli
