// insolepose labels list|export|import|agreement: label tracks of a session from the command
// line (docs/LABELS.md). Imports write through LabelStore: atomic, with a backup, and a bad file
// changes nothing.
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/LabelAgreement.h"
#include "insolepose/LabelExchange.h"
#include "insolepose/LabelStore.h"
#include "insolepose/SessionReader.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>

namespace insolepose::cli {
namespace {

constexpr const char* kLabelsUsage = R"(Usage: insolepose labels <action> SESSION [options]

Actions:
  list SESSION                          The session's label tracks and their segments.
  export SESSION --format eaf|csv|json --out FILE [--track NAME]
                                        Write the tracks (or one) as ELAN .eaf, CSV or labels JSON.
  import SESSION FILE [--track NAME] [--format eaf|csv|json] [--replace] [--add-labels]
                                        Add a file's segments to the session's tracks (atomic save,
                                        backup in SESSION/.labels-backup); a bad file changes nothing.
  agreement SESSION --tracks A B [--tolerance-ms 200] [--step-ms MS] [--csv FILE]
                                        Cohen's kappa, per-label F1 and segment agreement (JSON).
)";

struct Context {
    QCommandLineParser parser;
    std::string command; ///< "labels ACTION", for messages
};

const LabelTrack& trackNamed(const std::vector<LabelTrack>& tracks, const std::string& name)
{
    for (const auto& t : tracks)
        if (t.name() == name)
            return t;
    std::string names;
    for (const auto& t : tracks)
        names += (names.empty() ? "" : ", ") + t.name();
    throw Error("the session has no label track '" + name + "' (tracks: " + (names.empty() ? "none" : names) + ")");
}

std::optional<LabelFormat> formatOption(const QCommandLineParser& p, const QCommandLineOption& o,
                                        const std::string& cmd)
{
    const auto f = labelFormatFromName(p.value(o).toStdString());
    if (!f)
        err() << "insolepose " << QString::fromStdString(cmd) << ": --format " << p.value(o)
              << ": must be eaf, csv or json\n";
    return f;
}

int list(const Session& s)
{
    for (const auto& t : s.labelTracks()) {
        out() << "track '" << QString::fromStdString(t.name()) << "' (" << QString::fromStdString(t.source())
              << (t.locked() ? ", locked" : "") << (t.hidden() ? ", hidden" : "") << "): " << t.segments().size()
              << " segments\n";
        for (const auto& seg : t.segments()) {
            out() << "  " << QString::number(nsToSeconds(seg.start_ns), 'f', 3) << " .. "
                  << QString::number(nsToSeconds(seg.end_ns), 'f', 3) << " s  " << QString::fromStdString(seg.label);
            if (seg.confidence)
                out() << "  (confidence " << QString::number(*seg.confidence, 'f', 2) << ")";
            out() << "\n";
        }
        for (const auto& [i, j] : t.overlaps())
            out() << "  warning: segments " << i << " and " << j << " overlap\n";
    }
    if (s.labelTracks().empty())
        out() << "no label tracks\n";
    return 0;
}

int exportCommand(const QStringList& args)
{
    QCommandLineParser p;
    const QCommandLineOption formatOpt("format", "eaf, csv or json.", "FORMAT");
    const QCommandLineOption outOpt("out", "The file to write.", "FILE");
    const QCommandLineOption trackOpt("track", "Only this track.", "NAME");
    p.addOptions({formatOpt, outOpt, trackOpt});
    p.addPositionalArgument("session", "Session folder.");
    int rc = 0;
    if (!parseCommand(p, args, "labels export", rc))
        return rc;
    if (p.positionalArguments().size() != 1 || !p.isSet(formatOpt) || !p.isSet(outOpt)) {
        err() << "insolepose labels export: expected SESSION --format eaf|csv|json --out FILE\n";
        return 2;
    }
    const auto format = formatOption(p, formatOpt, "labels export");
    if (!format)
        return 2;
    const Session s = openSession(p.positionalArguments().front().toStdString());
    std::vector<LabelTrack> tracks = s.labelTracks();
    if (p.isSet(trackOpt))
        tracks = {trackNamed(tracks, p.value(trackOpt).toStdString())};
    exportLabels(p.value(outOpt).toStdString(), *format, tracks, exchangeContext(s));
    std::size_t n = 0;
    for (const auto& t : tracks)
        n += t.segments().size();
    out() << "wrote " << n << " segments of " << tracks.size() << " tracks to " << p.value(outOpt) << "\n";
    return 0;
}

int importCommand(const QStringList& args)
{
    QCommandLineParser p;
    const QCommandLineOption formatOpt("format", "eaf, csv or json (default: from the extension).", "FORMAT");
    const QCommandLineOption trackOpt("track", "Only this track (a CSV without a track column goes into it).", "NAME");
    const QCommandLineOption replaceOpt("replace", "Replace the imported tracks' segments instead of adding to them.");
    const QCommandLineOption addOpt("add-labels", "Add labels missing from a track's vocabulary instead of refusing.");
    p.addOptions({formatOpt, trackOpt, replaceOpt, addOpt});
    p.addPositionalArgument("session", "Session folder.");
    p.addPositionalArgument("file", "The .eaf, .csv or .json file.");
    int rc = 0;
    if (!parseCommand(p, args, "labels import", rc))
        return rc;
    if (p.positionalArguments().size() != 2) {
        err() << "insolepose labels import: expected SESSION FILE\n";
        return 2;
    }
    const std::filesystem::path file = p.positionalArguments()[1].toStdString();
    std::optional<LabelFormat> format;
    if (p.isSet(formatOpt) && !(format = formatOption(p, formatOpt, "labels import")))
        return 2;
    const Session s = openSession(p.positionalArguments()[0].toStdString());
    LabelStore store(s.path());
    std::vector<std::string> warnings;
    const std::vector<LabelTrack> before = store.load(&warnings);
    for (const auto& w : warnings)
        err() << "warning: " << QString::fromStdString(w) << "\n";
    ImportOptions options;
    options.track = p.value(trackOpt).toStdString();
    options.replace = p.isSet(replaceOpt);
    options.addLabels = p.isSet(addOpt);
    const auto after =
        importLabels(file, format ? *format : labelFormatForPath(file), before, exchangeContext(s), options);
    store.save(after);
    for (const auto& note : store.lastSaveNotes())
        out() << "note: " << QString::fromStdString(note) << "\n";
    std::size_t was = 0, now = 0;
    for (const auto& t : before)
        was += t.segments().size();
    for (const auto& t : after)
        now += t.segments().size();
    out() << "imported " << QString::fromStdString(file.string()) << ": " << after.size() << " tracks, " << was
          << " -> " << now << " segments; saved " << QString::fromStdString(store.labelsPath().string()) << "\n";
    return 0;
}

int agreementCommand(const QStringList& args)
{
    QCommandLineParser p;
    const QCommandLineOption tracksOpt("tracks", "The reference track A, then B (--tracks A B or --tracks A,B).", "A");
    const QCommandLineOption toleranceOpt("tolerance-ms", "Segment boundary tolerance (default 200).", "MS", "200");
    const QCommandLineOption stepOpt("step-ms", "Compare every MS instead of at the tactile frames.", "MS");
    const QCommandLineOption csvOpt("csv", "Also write the per-label table as CSV.", "FILE");
    p.addOptions({tracksOpt, toleranceOpt, stepOpt, csvOpt});
    p.addPositionalArgument("session", "Session folder.");
    int rc = 0;
    if (!parseCommand(p, args, "labels agreement", rc))
        return rc;
    QStringList positional = p.positionalArguments();
    QStringList names;
    for (const auto& v : p.values(tracksOpt))
        names += v.split(',', Qt::SkipEmptyParts);
    if (names.size() == 1 && positional.size() == 2) // --tracks A B: B arrives as a positional argument
        names += positional.takeLast();
    if (positional.size() != 1 || names.size() != 2) {
        err() << "insolepose labels agreement: expected SESSION --tracks A B\n";
        return 2;
    }
    const auto tolerance = numberOption(p, toleranceOpt, 0, 1e7, "labels agreement");
    const auto step = p.isSet(stepOpt) ? numberOption(p, stepOpt, 0.001, 1e7, "labels agreement") : 0.0;
    if (!tolerance || !step)
        return 2;
    const Session s = openSession(positional.front().toStdString());
    const LabelTrack& a = trackNamed(s.labelTracks(), names[0].toStdString());
    const LabelTrack& b = trackNamed(s.labelTracks(), names[1].toStdString());
    const auto frames = agreementFrameTimes(s, a, b, std::nullopt, TimeNs(*step * 1e6));
    const AgreementResult r = computeAgreement(a, b, frames, TimeNs(*tolerance * 1e6));
    out() << QJsonDocument(r.toJson()).toJson(QJsonDocument::Indented);
    if (p.isSet(csvOpt)) {
        QFile f(p.value(csvOpt));
        const std::string csv = r.toCsv();
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(csv.data(), qint64(csv.size())) < 0)
            throw IoError(p.value(csvOpt).toStdString() + ": cannot write: " + f.errorString().toStdString());
    }
    return 0;
}

} // namespace

int runLabels(const QStringList& args)
{
    if (args.size() < 2 || args[1] == "-h" || args[1] == "--help") {
        (args.size() < 2 ? err() : out()) << kLabelsUsage;
        return args.size() < 2 ? 2 : 0;
    }
    const QString action = args[1];
    QStringList rest = args;
    rest.removeAt(1);
    try {
        if (action == "export")
            return exportCommand(rest);
        if (action == "import")
            return importCommand(rest);
        if (action == "agreement")
            return agreementCommand(rest);
        if (action == "list") {
            QCommandLineParser p;
            p.addPositionalArgument("session", "Session folder.");
            int rc = 0;
            if (!parseCommand(p, rest, "labels list", rc))
                return rc;
            if (p.positionalArguments().size() != 1) {
                err() << "insolepose labels list: expected one SESSION folder\n";
                return 2;
            }
            return list(openSession(p.positionalArguments().front().toStdString()));
        }
    } catch (const Error& e) {
        err() << "insolepose labels " << action << ": " << e.what() << "\n";
        return 1;
    }
    err() << "insolepose labels: unknown action '" << action << "'\n\n" << kLabelsUsage;
    return 2;
}

} // namespace insolepose::cli
