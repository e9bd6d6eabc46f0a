#include "Commands.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace insolepose::cli {

bool parseCommand(QCommandLineParser& parser, const QStringList& args, const char* name, int& rc)
{
    parser.addHelpOption();
    if (!parser.parse(args)) {
        QTextStream(stderr) << "insolepose " << name << ": " << parser.errorText() << "\n";
        rc = 2;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        rc = 0;
        return false;
    }
    return true;
}

} // namespace insolepose::cli

#include "insolepose/Version.h"

#include <QCoreApplication>

namespace insolepose::cli {

int runCommand(int argc, char** argv, std::span<const Command> commands, const char* program)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("insolepose"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersionString));
    QStringList args = QCoreApplication::arguments();
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
