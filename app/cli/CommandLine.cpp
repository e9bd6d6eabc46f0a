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
