// insolepose import, export and sync: data made elsewhere in and out of sessions (docs/IMPORT.md).
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/interchange/AttachVideo.h"
#include "insolepose/interchange/AuthorsLayout.h"
#include "insolepose/interchange/Dataset.h"
#include "insolepose/interchange/GroundTruthImport.h"
#include "insolepose/interchange/KeypointExport.h"
#include "insolepose/interchange/StreamSync.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <filesystem>

namespace insolepose::cli {
namespace {

namespace fs = std::filesystem;

/// Runs `body`, printing an insolepose::Error as "insolepose COMMAND: message" (exit 1).
int guarded(const char* command, const std::function<int()>& body)
{
    try {
        return body();
    } catch (const Error& e) {
        QTextStream(stderr) << "insolepose " << command << ": " << e.what() << "\n";
        return 1;
    }
}

int usage(const char* command, const char* text)
{
    QTextStream(stderr) << "insolepose " << command << ": " << text << "\n";
    return 2;
}

int importGroundTruth(const QCommandLineParser& p, const QString& kind, const QCommandLineOption& sessionOpt,
                      const QCommandLineOption& rateOpt, const QCommandLineOption& startOpt,
                      const QCommandLineOption& personOpt, const QCommandLineOption& replaceOpt)
{
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2 || !p.isSet(sessionOpt))
        return usage("import", "usage: import xrmocap|csv FILE --session DIR --rate HZ [--start-s S] [--person N]");
    const auto rate = numberOption(p, rateOpt, 0.001, 100000, "import");
    const auto start = numberOption(p, startOpt, -1e6, 1e6, "import");
    const auto person = integerOption(p, personOpt, 0, 100000, "import");
    if (!rate || !start || !person)
        return 2;
    return guarded("import", [&] {
        const interchange::FrameClock clock{*rate, *start};
        const fs::path file = pos[1].toStdString(), dir = p.value(sessionOpt).toStdString();
        const interchange::GroundTruth gt = kind == "xrmocap"
                                                ? interchange::readXrMocapKeypoints(file, clock, int(*person))
                                                : interchange::readKeypointsCsv(file, clock);
        interchange::addGroundTruth(dir, gt, p.isSet(replaceOpt));
        QTextStream(stdout) << "imported " << gt.poses.size() << " keypoint frames (" << gt.missingKeypoints
                            << " missing keypoints, convention " << QString::fromStdString(gt.convention) << ") into "
                            << QString::fromStdString(dir.string()) << "\n";
        return 0;
    });
}

} // namespace

int runImport(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Import data made elsewhere (docs/IMPORT.md):\n"
                       "  import xrmocap KP.npz --session DIR --rate HZ [--start-s S] [--person N] [--replace]\n"
                       "  import csv KP.csv --session DIR [--rate HZ] [--start-s S] [--replace]\n"
                       "  import authors FOLDER --out DIR --rate HZ [--crop ROW,COL] [--no-flip]"));
    const QCommandLineOption sessionOpt("session", "Session to add ground truth to (created if needed).", "DIR");
    const QCommandLineOption outOpt("out", "New session folder (authors).", "DIR");
    const QCommandLineOption rateOpt("rate", "Frame rate of the rows in Hz (default 30).", "HZ", "30");
    const QCommandLineOption startOpt("start-s", "Time of the first row in seconds (default 0).", "S", "0");
    const QCommandLineOption personOpt("person", "Person index in an XRMoCap file (default 0).", "N", "0");
    const QCommandLineOption replaceOpt("replace", "Replace the session's existing ground truth.");
    const QCommandLineOption cropOpt("crop", "First row and column of the insole in raw 32 x 32 frames (default 1,5).",
                                     "ROW,COL", "1,5");
    const QCommandLineOption noFlipOpt("no-flip", "Raw 32 x 32 frames are not mirrored left to right.");
    p.addOptions({sessionOpt, outOpt, rateOpt, startOpt, personOpt, replaceOpt, cropOpt, noFlipOpt});
    p.addPositionalArgument("kind", "xrmocap, csv or authors");
    p.addPositionalArgument("file", "The file or folder to import.");
    int rc = 0;
    if (!parseCommand(p, args, "import", rc))
        return rc;
    const QStringList pos = p.positionalArguments();
    const QString kind = pos.value(0);
    if (kind == "xrmocap" || kind == "csv")
        return importGroundTruth(p, kind, sessionOpt, rateOpt, startOpt, personOpt, replaceOpt);
    if (kind != "authors")
        return usage("import", "the first argument must be xrmocap, csv or authors");
    if (pos.size() != 2 || !p.isSet(outOpt))
        return usage("import", "usage: import authors FOLDER --out DIR --rate HZ");
    const auto rate = numberOption(p, rateOpt, 0.001, 100000, "import");
    const auto start = numberOption(p, startOpt, -1e6, 1e6, "import");
    const QStringList crop = p.value(cropOpt).split(',');
    bool okRow = false, okCol = false;
    const int row = crop.value(0).toInt(&okRow), col = crop.value(1).toInt(&okCol);
    if (crop.size() != 2 || !okRow || !okCol)
        return usage("import", "--crop must be ROW,COL (two integers)");
    if (!rate || !start)
        return 2;
    return guarded("import", [&] {
        const interchange::AuthorsImportReport r = interchange::importAuthorsFolder(
            pos[1].toStdString(), p.value(outOpt).toStdString(), {*rate, *start, {row, col, !p.isSet(noFlipOpt)}});
        QTextStream(stdout) << "imported " << r.frames << " rows of " << r.frameGrid.rows << " x " << r.frameGrid.cols
                            << " frames (" << QString::fromStdString(r.conversion) << "), subject '"
                            << QString::fromStdString(r.subject) << "', action '" << QString::fromStdString(r.action)
                            << "' into " << p.value(outOpt) << "\n";
        return 0;
    });
}

namespace {

/// export xrmocap|csv: a session's ground truth (or a model's predictions) as keypoints.
int exportKeypoints(const QString& kind, const QString& session, const QString& out, const QString& model)
{
    return guarded("export", [&] {
        const Session s = openSession(session.toStdString());
        const KeypointStream* kp = model.isEmpty() ? &s.groundTruth() : s.prediction(model.toStdString());
        if (!kp)
            throw FormatError(session.toStdString() + ": no predictions of model '" + model.toStdString() + "'");
        const interchange::KeypointExportReport r = kind == "xrmocap"
                                                        ? interchange::exportXrMocapKeypoints(*kp, out.toStdString())
                                                        : interchange::exportKeypointsCsv(*kp, out.toStdString());
        QTextStream(stdout) << "exported " << r.frames << " keypoint frames (" << r.missingKeypoints
                            << " missing keypoints) into " << out << "; frames at "
                            << QString::number(r.rate_hz, 'f', 3) << " Hz from " << QString::number(r.start_s, 'f', 6)
                            << " s (import with --rate " << QString::number(r.rate_hz, 'g', 10) << " --start-s "
                            << QString::number(r.start_s, 'g', 12) << ")\n";
        return 0;
    });
}

} // namespace

int runExport(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Export a session (docs/IMPORT.md):\n"
                       "  export authors SESSION --out FOLDER: the layout the authors' training code reads, "
                       "resampled to the left tactile clock\n"
                       "  export xrmocap SESSION --out KP.npz [--model NAME]: XRMoCap keypoints3d (coco_wholebody)\n"
                       "  export csv SESSION --out KP.csv [--model NAME]: time_s and x, y, z of the 19 keypoints"));
    const QCommandLineOption outOpt("out", "Folder or file to create.", "PATH");
    const QCommandLineOption modelOpt("model", "Export this model's predictions instead of the ground truth.", "NAME");
    p.addOptions({outOpt, modelOpt});
    p.addPositionalArgument("kind", "authors, xrmocap or csv");
    p.addPositionalArgument("session", "Session folder.");
    int rc = 0;
    if (!parseCommand(p, args, "export", rc))
        return rc;
    const QStringList pos = p.positionalArguments();
    const QString kind = pos.value(0);
    if (pos.size() != 2 || !p.isSet(outOpt) || (kind != "authors" && kind != "xrmocap" && kind != "csv"))
        return usage("export", "usage: export authors|xrmocap|csv SESSION --out PATH [--model NAME]");
    if (kind != "authors")
        return exportKeypoints(kind, pos[1], p.value(outOpt), p.value(modelOpt));
    return guarded("export", [&] {
        const interchange::AuthorsExportReport r =
            interchange::exportAuthorsFolder(openSession(pos[1].toStdString()), p.value(outOpt).toStdString());
        QTextStream(stdout) << "exported " << r.frames << " rows at " << QString::number(r.rate_hz, 'f', 2)
                            << " Hz into " << p.value(outOpt) << "\n";
        return 0;
    });
}

int runSync(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "sync SESSION [--apply]: estimate the right insole's offset against the left, then the ground truth's and "
        "each camera's against the pressure (cameras need a jump or stomp at the start, docs/IMPORT.md), and print "
        "them as JSON (offsets_s: seconds to add to the stream's current offset); --apply stores them in "
        "session.json."));
    const QCommandLineOption applyOpt("apply", "Add the estimated offsets to session.json.");
    const QCommandLineOption lagOpt("max-lag-s", "Largest offset searched, seconds (default 2).", "S", "2");
    p.addOptions({applyOpt, lagOpt});
    p.addPositionalArgument("session", "Session folder.");
    int rc = 0;
    if (!parseCommand(p, args, "sync", rc))
        return rc;
    if (p.positionalArguments().size() != 1)
        return usage("sync", "usage: sync SESSION [--apply]");
    const auto lag = numberOption(p, lagOpt, 0.05, 600, "sync");
    if (!lag)
        return 2;
    return guarded("sync", [&] {
        const fs::path dir = p.positionalArguments()[0].toStdString();
        Session s = openSession(dir);
        interchange::SyncOptions o;
        o.maxLag_s = *lag;
        const auto estimates = interchange::estimateOffsets(s, o);
        QJsonObject offsets, details;
        for (const auto& e : estimates) {
            const QString name = QString::fromStdString(e.stream);
            if (e.found)
                offsets[name] = e.offset_s;
            details[name] = QJsonObject{{"found", e.found},
                                        {"offset_s", e.offset_s},
                                        {"correlation", e.correlation},
                                        {"note", QString::fromStdString(e.note)}};
        }
        if (p.isSet(applyOpt))
            interchange::applyOffsets(dir, s, estimates);
        QTextStream(stdout) << QJsonDocument(QJsonObject{{"offsets_s", offsets},
                                                         {"estimates", details},
                                                         {"applied", p.isSet(applyOpt)}})
                                   .toJson(QJsonDocument::Indented);
        return 0;
    });
}

int runAttachVideo(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "attach-video SESSION FILE [--offset-s S] [--camera NAME]: copy a video into the session with per-frame "
        "timestamps from its container, after checking that every frame decodes."));
    const QCommandLineOption offsetOpt(
        "offset-s",
        "Session time at which the video starts: its first frame, unless the file's edit list delays it (default 0).",
        "S", "0");
    const QCommandLineOption cameraOpt("camera", "Camera name (default: the file name).", "NAME");
    const QCommandLineOption paramsOpt("camera-params", "XRMoCap camera parameter JSON of this camera.", "JSON");
    p.addOptions({offsetOpt, cameraOpt, paramsOpt});
    p.addPositionalArgument("session", "Session folder.");
    p.addPositionalArgument("file", "Video file.");
    int rc = 0;
    if (!parseCommand(p, args, "attach-video", rc))
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2)
        return usage("attach-video", "usage: attach-video SESSION FILE [--offset-s S]");
    const auto offset = numberOption(p, offsetOpt, -1e6, 1e6, "attach-video");
    if (!offset)
        return 2;
    return guarded("attach-video", [&] {
        const interchange::AttachReport r =
            interchange::attachVideo(pos[0].toStdString(), pos[1].toStdString(),
                                     {*offset, p.value(cameraOpt).toStdString(), p.value(paramsOpt).toStdString()});
        QTextStream out(stdout);
        out << "attached camera '" << QString::fromStdString(r.camera) << "': " << r.frames << " frames, "
            << QString::fromStdString(r.timing) << (r.variableRate ? ", variable frame rate" : "") << "\n";
        if (r.damagedAtFrame)
            out << "warning: frame " << *r.damagedAtFrame << " (" << QString::number(*r.damagedAt_s, 'f', 3)
                << " s) and later do not decode; attached up to the damage\n";
        return 0;
    });
}

namespace {

void printListing(QTextStream& out, const std::vector<interchange::SessionSummary>& sessions,
                  const interchange::DatasetFilter& filter)
{
    std::size_t shown = 0;
    double total_s = 0;
    for (const auto& s : sessions) {
        if (!filter.matches(s))
            continue;
        ++shown;
        total_s += s.duration_s;
        QStringList actions, flags;
        for (const auto& a : s.actions)
            actions << QString::fromStdString(a);
        for (const auto& f : s.flags)
            flags << QString::fromStdString(f);
        out << QString::fromStdString(s.session).leftJustified(28) << " subject "
            << QString::fromStdString(s.subject).leftJustified(6)
            << QString::number(s.duration_s, 'f', 1).rightJustified(8) << " s  labels "
            << QString::number(100 * s.labelCoverage, 'f', 0).rightJustified(3) << " %  " << actions.join(',')
            << (flags.isEmpty() ? "" : "  [" + flags.join("; ") + "]") << "\n";
    }
    out << shown << " of " << sessions.size() << " sessions, " << QString::number(total_s / 60.0, 'f', 1)
        << " minutes\n";
}

} // namespace

int runDataset(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "dataset info DIR [--subject S] [--action A] [--min-coverage F] [--clean] [--save]\n"
        "dataset split DIR --name NAME --by random|subject|action [--train 0.7] [--validation 0.2] [--seed N]\n"
        "List a folder of sessions (subject, actions, duration, label coverage, quality flags) or save a "
        "split of it into dataset.json for train/evaluate --dataset-split NAME."));
    const QCommandLineOption subjectOpt("subject", "Only this subject.", "S");
    const QCommandLineOption actionOpt("action", "Only sessions with this action label.", "A");
    const QCommandLineOption coverageOpt("min-coverage", "Only sessions labelled at least this share (0..1).", "F",
                                         "0");
    const QCommandLineOption cleanOpt("clean", "Only sessions without quality flags.");
    const QCommandLineOption saveOpt("save", "Write the listing into dataset.json.");
    const QCommandLineOption nameOpt("name", "Name of the split.", "NAME");
    const QCommandLineOption byOpt("by", "random, subject or action (default random).", "BY", "random");
    const QCommandLineOption trainOpt("train", "Share of groups for training (default 0.7).", "F", "0.7");
    const QCommandLineOption valOpt("validation", "Share of groups for validation (default 0.2).", "F", "0.2");
    const QCommandLineOption seedOpt("seed", "Shuffle seed (default 1).", "N", "1");
    p.addOptions({subjectOpt, actionOpt, coverageOpt, cleanOpt, saveOpt, nameOpt, byOpt, trainOpt, valOpt, seedOpt});
    p.addPositionalArgument("action", "info or split");
    p.addPositionalArgument("dir", "Dataset folder.");
    int rc = 0;
    if (!parseCommand(p, args, "dataset", rc))
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2 || (pos[0] != "info" && pos[0] != "split"))
        return usage("dataset", "usage: dataset info|split DIR ...");
    const auto coverage = numberOption(p, coverageOpt, 0, 1, "dataset");
    const auto train = numberOption(p, trainOpt, 0, 1, "dataset");
    const auto validation = numberOption(p, valOpt, 0, 1, "dataset");
    const auto seed = integerOption(p, seedOpt, 0, 0xffffffffLL, "dataset");
    if (!coverage || !train || !validation || !seed)
        return 2;
    const QString by = p.value(byOpt);
    if (by != "random" && by != "subject" && by != "action")
        return usage("dataset", "--by must be random, subject or action");
    if (pos[0] == "split" && (!p.isSet(nameOpt) || *train + *validation > 1))
        return usage("dataset", "split needs --name NAME, and --train plus --validation must not exceed 1");
    return guarded("dataset", [&] {
        const fs::path dir = pos[1].toStdString();
        const auto sessions = interchange::scanDataset(dir);
        const interchange::DatasetFilter filter{p.value(subjectOpt).toStdString(), p.value(actionOpt).toStdString(),
                                                *coverage, p.isSet(cleanOpt)};
        QTextStream out(stdout);
        if (pos[0] == "info") {
            printListing(out, sessions, filter);
            if (p.isSet(saveOpt))
                interchange::saveDataset(dir, sessions);
            return 0;
        }
        std::vector<interchange::SessionSummary> chosen;
        std::copy_if(sessions.begin(), sessions.end(), std::back_inserter(chosen),
                     [&](const auto& s) { return filter.matches(s); });
        const interchange::SplitBy splitBy = by == "subject"  ? interchange::SplitBy::Subject
                                             : by == "action" ? interchange::SplitBy::Action
                                                              : interchange::SplitBy::Random;
        const auto split = interchange::makeSplit(
            chosen, {p.value(nameOpt).toStdString(), splitBy, *train, *validation, std::uint32_t(*seed)});
        interchange::saveDataset(dir, sessions, {{p.value(nameOpt).toStdString(), split}});
        for (const auto& [part, names] : split)
            out << QString::fromStdString(part) << ": " << names.size() << " sessions\n";
        out << "saved split '" << p.value(nameOpt) << "' (by " << by << ") in "
            << QString::fromStdString((dir / "dataset.json").string()) << "\n";
        return 0;
    });
}

} // namespace insolepose::cli
