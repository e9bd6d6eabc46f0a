#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace insolepose::cli {
namespace {

QString streamLine(const SampleStream& s)
{
    if (s.empty())
        return QStringLiteral("absent");
    const double span = nsToSeconds(s.timeAt(s.size() - 1) - s.timeAt(0));
    const double rate = span > 0 ? double(s.size() - 1) / span : 0.0;
    return QStringLiteral("%1 samples, %2 s .. %3 s, %4 Hz")
        .arg(s.size())
        .arg(nsToSeconds(s.timeAt(0)), 0, 'f', 3)
        .arg(nsToSeconds(s.timeAt(s.size() - 1)), 0, 'f', 3)
        .arg(rate, 0, 'f', 2);
}

} // namespace

int runInfo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print what a session holds."));
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session folder."));
    int rc = 0;
    if (!parseCommand(parser, args, "info", rc))
        return rc;
    if (parser.positionalArguments().size() != 1) {
        err() << "insolepose info: expected one SESSION folder\n";
        return 2;
    }
    try {
        const Session s = openSession(parser.positionalArguments().constFirst().toStdString(), {.checkReadings = true});
        const auto& m = s.metadata();
        out() << "session:     " << QString::fromStdString(s.path().string()) << "\n"
              << "id:          " << QString::fromStdString(m.id) << "\n"
              << "subject:     " << QString::fromStdString(m.subjectId) << "\n"
              << "created:     " << QString::fromStdString(m.createdUtc) << "\n"
              << "app version: " << QString::fromStdString(m.appVersion) << "\n"
              << "insoles:     left " << insoleSizeName(m.insoles[0].size).data() << ", right "
              << insoleSizeName(m.insoles[1].size).data() << "\n"
              << "tactile L:   " << streamLine(s.tactile(Foot::Left).samples()) << "\n"
              << "tactile R:   " << streamLine(s.tactile(Foot::Right).samples()) << "\n"
              << "keypoints:   " << streamLine(s.groundTruth().samples()) << "\n";
        for (const auto& p : s.predictions())
            out() << "prediction:  " << QString::fromStdString(p.name()) << ": " << streamLine(p.samples()) << "\n";
        for (const auto& c : s.cameras())
            out() << "camera:      " << QString::fromStdString(c.name) << ": " << streamLine(c.frames) << "\n";
        for (const auto& t : s.labelTracks())
            out() << "labels:      track '" << QString::fromStdString(t.name()) << "': " << t.segments().size()
                  << " segments\n";
        if (!m.notes.empty())
            out() << "notes:       " << QString::fromStdString(m.notes) << "\n";
        for (const auto& w : s.warnings())
            out() << "warning:     " << QString::fromStdString(w) << "\n";
        return 0;
    } catch (const Error& e) {
        err() << "insolepose info: " << e.what() << "\n";
        return 1;
    }
}

int runRepair(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fix a crashed session's files on disk."));
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session folder."));
    int rc = 0;
    if (!parseCommand(parser, args, "repair", rc))
        return rc;
    if (parser.positionalArguments().size() != 1) {
        err() << "insolepose repair: expected one SESSION folder\n";
        return 2;
    }
    try {
        const Session s = openSession(parser.positionalArguments().constFirst().toStdString(),
                                      {.repairOnDisk = true, .checkReadings = true});
        for (const auto& r : s.repairs())
            out() << "repaired:  " << QString::fromStdString(r) << "\n";
        if (s.repairs().empty()) {
            out() << "nothing needed repair; no file was changed\n";
        } else {
            out() << "backup:    the original of every changed file is in "
                  << QString::fromStdString(s.repairBackup().string()) << "\n"
                  << "session repaired: " << s.repairs().size()
                  << (s.repairs().size() == 1 ? " change\n" : " changes\n");
        }
        // What reading handles in memory and repair leaves on disk (for example a closed
        // session's streams of different lengths, which are never cut).
        for (const auto& w : s.warnings())
            out() << "note:      " << QString::fromStdString(w) << "\n";
        return 0;
    } catch (const Error& e) {
        err() << "insolepose repair: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
