// Label tracks: edits, old files, LabelStore (atomic save, backups, conflicts), exchange files
// (CSV, JSON, ELAN .eaf), agreement against a hand-computed example, and `insolepose labels`.
#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/LabelAgreement.h"
#include "insolepose/LabelExchange.h"
#include "insolepose/LabelStore.h"
#include "insolepose/Labels.h"
#include "insolepose/SessionReader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <filesystem>
#include <functional>
#include <map>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

constexpr TimeNs kS = 1'000'000'000;

LabelSegment seg(TimeNs start, TimeNs end, std::string label)
{
    LabelSegment s;
    s.start_ns = start;
    s.end_ns = end;
    s.label = std::move(label);
    return s;
}

/// Runs `edit` expecting an Error whose message contains `part`, and checks that the track is unchanged.
void expectRefused(LabelTrack& t, const std::function<void(LabelTrack&)>& edit, const QString& part)
{
    const LabelTrack before = t;
    try {
        edit(t);
        QFAIL(qPrintable("no error; expected one containing: " + part));
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(part), e.what());
    }
    QCOMPARE(t, before);
}

QByteArray readFile(const fs::path& p)
{
    QFile f(QString::fromStdString(p.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const fs::path& p, const QByteArray& bytes)
{
    QFile f(QString::fromStdString(p.string()));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

/// Expects importLabels to throw naming `part` (file and line) and returns nothing.
void expectImportError(const fs::path& file, LabelFormat format, const std::vector<LabelTrack>& existing,
                       const QString& part, ImportOptions options = {})
{
    try {
        importLabels(file, format, existing, ExchangeContext{}, options);
        QFAIL(qPrintable("no error; expected one containing: " + part));
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(part), e.what());
    }
}

struct Run {
    int code = -1;
    QString out, err;
};

Run cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(INSOLEPOSE_CLI), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// Two tracks with nanosecond times, notes and a model track with confidences.
std::vector<LabelTrack> sampleTracks()
{
    LabelTrack a("alice");
    a.insert(seg(1 * kS + 234'567'891, 3 * kS, "squat"));
    a.insert(seg(3 * kS, 7 * kS + 5, "walking"));
    LabelTrack b("bob, the second", {"squat", "walking", "jump \"high\""});
    b.insert(seg(2 * kS, 4 * kS, "jump \"high\""));
    b.insert(seg(4 * kS + 1, 9 * kS, "walking"));
    return {a, b};
}

} // namespace

class TestLabels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editsKeepSegmentsSortedAndDisjoint();
    void editsRefuseOverlapsAndLockedTracks();
    void rangesStylesAndVocabulary();
    void oldFilesReadAndNewFieldsRoundTrip();
    void storeSavesAtomicallyWithRotatingBackups();
    void storeDetectsConflictsAndKeepsUnreadableFiles();
    void csvAndJsonRoundTripExactly();
    void eafIsWellFormedAndRoundTripsToTheMillisecond();
    void badFilesNameTheLineAndChangeNothing();
    void importAddsReplacesAndRespectsLocks();
    void agreementMatchesHandComputedExample();
    void cliCommandsEndToEnd();
};

void TestLabels::editsKeepSegmentsSortedAndDisjoint()
{
    LabelTrack t;
    QCOMPARE(t.insert(seg(10 * kS, 20 * kS, "squat")), std::size_t(0));
    QCOMPARE(t.insert(seg(0, 10 * kS, "lunge")), std::size_t(0)); // touching at 10 s is fine
    QCOMPARE(t.insert(seg(30 * kS, 40 * kS, "walking")), std::size_t(2));
    QCOMPARE(t.segments()[1].label, std::string("squat"));
    // replace: move the first segment after the last one; it re-sorts and returns its new index
    QCOMPARE(t.replace(0, seg(40 * kS, 45 * kS, "lunge")), std::size_t(2));
    QCOMPARE(t.segments()[0].label, std::string("squat"));
    // split at 15 s: [10, 15) and [15, 20)
    QCOMPARE(t.split(0, 15 * kS), std::size_t(1));
    QCOMPARE(t.segments().size(), std::size_t(4));
    QCOMPARE(t.segments()[0].end_ns, 15 * kS);
    QCOMPARE(t.segments()[1].start_ns, 15 * kS);
    QCOMPARE(t.segments()[1].label, std::string("squat"));
    // merge them back, then merge across a gap: [10, 20) + [30, 40) -> [10, 40) labelled squat
    t.mergeWithNext(0);
    QCOMPARE(t.segments()[0], seg(10 * kS, 20 * kS, "squat"));
    t.mergeWithNext(0);
    QCOMPARE(t.segments()[0], seg(10 * kS, 40 * kS, "squat"));
    QCOMPARE(t.segments().size(), std::size_t(2));
    const LabelSegment removed = t.take(1);
    QCOMPARE(removed, seg(40 * kS, 45 * kS, "lunge"));
    QCOMPARE(t.segments().size(), std::size_t(1));
    QCOMPARE(t.indexAt(10 * kS), std::optional<std::size_t>(0));
    QCOMPARE(t.indexAt(40 * kS), std::nullopt); // end is exclusive
}

void TestLabels::editsRefuseOverlapsAndLockedTracks()
{
    LabelTrack t;
    t.insert(seg(10 * kS, 20 * kS, "squat"));
    t.insert(seg(20 * kS, 30 * kS, "walking"));
    expectRefused(
        t, [](LabelTrack& x) { x.insert(seg(15 * kS, 25 * kS, "lunge")); },
        "'lunge' [15.000 s, 25.000 s) would overlap segment 'squat' [10.000 s, 20.000 s)");
    expectRefused(
        t, [](LabelTrack& x) { x.replace(1, seg(19 * kS, 30 * kS, "walking")); }, "would overlap");
    expectRefused(
        t, [](LabelTrack& x) { x.insert(seg(40 * kS, 40 * kS, "squat")); }, "does not end after it starts");
    expectRefused(
        t, [](LabelTrack& x) { x.insert(seg(40 * kS, 50 * kS, "dance")); }, "label 'dance' is not in the vocabulary");
    expectRefused(
        t, [](LabelTrack& x) { x.split(0, 20 * kS); }, "is not inside it");
    expectRefused(
        t, [](LabelTrack& x) { x.mergeWithNext(1); }, "has no next segment");
    expectRefused(
        t, [](LabelTrack& x) { x.take(5); }, "the track has 2 segments");
    t.setLocked(true);
    expectRefused(
        t, [](LabelTrack& x) { x.insert(seg(40 * kS, 50 * kS, "squat")); }, "track actions is locked");
    expectRefused(
        t, [](LabelTrack& x) { x.take(0); }, "is locked");
    expectRefused(
        t, [](LabelTrack& x) { x.split(0, 15 * kS); }, "is locked");
    expectRefused(
        t, [](LabelTrack& x) { x.mergeWithNext(0); }, "is locked");
    expectRefused(
        t, [](LabelTrack& x) { x.replace(0, seg(0, 5 * kS, "squat")); }, "is locked");
    t.setLocked(false);
    t.take(0);
    QCOMPARE(t.segments().size(), std::size_t(1));
}

void TestLabels::rangesStylesAndVocabulary()
{
    LabelTrack t("a", {"squat", "walking", "lunge"});
    t.insert(seg(10 * kS, 20 * kS, "squat"));
    t.insert(seg(30 * kS, 40 * kS, "walking"));
    QCOMPARE(t.freeRange(25 * kS, 0, 100 * kS), std::make_pair(20 * kS, 30 * kS));
    QCOMPARE(t.freeRange(5 * kS, 0, 100 * kS), std::make_pair(TimeNs(0), 10 * kS));
    QCOMPARE(t.freeRange(50 * kS, 0, 100 * kS), std::make_pair(40 * kS, 100 * kS));
    QCOMPARE(t.freeRange(15 * kS, 0, 100 * kS), std::make_pair(15 * kS, 15 * kS)); // inside a segment
    QCOMPARE(t.freeRange(15 * kS, 0, 100 * kS, 0), std::make_pair(TimeNs(0), 30 * kS)); // dragging segment 0
    // overlaps of a file as read are reported, never removed
    LabelTrack old("a", {"squat"});
    old.add(seg(0, 10 * kS, "squat"));
    old.add(seg(5 * kS, 8 * kS, "squat"));
    old.add(seg(9 * kS, 12 * kS, "squat"));
    QCOMPARE(old.overlaps(), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {0, 2}}));
    // styles: palette colour and hotkeys 1..9 by default
    QCOMPARE(t.style("walking").hotkey, std::string("2"));
    QCOMPARE(t.style("walking").colour, defaultLabelColour(1));
    t.setStyle("lunge", LabelStyle{"#112233", "2"});
    QCOMPARE(t.style("lunge"), (LabelStyle{"#112233", "2"}));
    QCOMPARE(t.style("walking").hotkey, std::string()); // "2" is taken by lunge now
    expectRefused(
        t,
        [](LabelTrack& x) {
            x.setStyle("lunge", LabelStyle{"red", ""});
        },
        "#rrggbb");
    expectRefused(
        t,
        [](LabelTrack& x) {
            x.setVocabulary({"squat", "lunge"});
        },
        "label 'walking' cannot leave the vocabulary");
    t.setVocabulary({"walking", "squat", "run"}); // lunge unused: dropped with its style
    QCOMPARE(t.storedStyles().size(), std::size_t(0));
    QCOMPARE(t.style("walking").hotkey, std::string("1"));
}

void TestLabels::oldFilesReadAndNewFieldsRoundTrip()
{
    // A labels.json track as written before hidden/locked/source/styles/confidence existed.
    const QJsonObject old = QJsonDocument::fromJson(R"({"name": "actions", "vocabulary": ["squat", "lunge"],
        "segments": [{"start_ns": "0", "end_ns": "1000", "label": "squat", "annotator": "ann", "note": "n"}]})")
                                .object();
    std::vector<std::string> warnings;
    const LabelTrack t = LabelTrack::fromJson(old, &warnings);
    QVERIFY(warnings.empty());
    QVERIFY(!t.hidden() && !t.locked());
    QCOMPARE(t.source(), std::string("manual"));
    QCOMPARE(t.segments()[0].note, std::string("n"));
    QVERIFY(!t.segments()[0].confidence);

    LabelTrack m("model-proposed", {"squat", "lunge"});
    LabelSegment s = seg(0, 5 * kS, "lunge");
    s.confidence = 0.625;
    m.insert(s);
    m.setSource(kModelSource);
    m.setHidden(true);
    m.setStyle("squat", LabelStyle{"#abcdef", "q"});
    m.setLocked(true);
    const LabelTrack back = LabelTrack::fromJson(m.toJson(), &warnings);
    QVERIFY(warnings.empty());
    QCOMPARE(back, m);
    QCOMPARE(*back.segments()[0].confidence, 0.625);
    QVERIFY(back.isModelProposed());
    QCOMPARE(groundTruthTracks({t, back}).size(), std::size_t(1));
}

void TestLabels::storeSavesAtomicallyWithRotatingBackups()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    LabelStore store(dir);
    QVERIFY(store.load(nullptr).empty()); // no file yet
    LabelTrack t;
    std::vector<QByteArray> versions;
    for (int i = 0; i < 5; ++i) {
        t.insert(seg(i * kS, i * kS + kS / 2, "squat"));
        store.save({t});
        versions.push_back(readFile(store.labelsPath()));
    }
    // Atomic: no temporary file left beside labels.json; the file reads back as the last save.
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files).size(), 1);
    std::vector<std::string> warnings;
    QCOMPARE(LabelStore(dir).load(&warnings), std::vector<LabelTrack>{t});
    // bak1 is the file before the last save, bak3 three saves back; no bak4.
    QCOMPARE(readFile(store.backupPath(1)), versions[3]);
    QCOMPARE(readFile(store.backupPath(2)), versions[2]);
    QCOMPARE(readFile(store.backupPath(3)), versions[1]);
    QVERIFY(!fs::exists(store.backupDir() / "labels.json.bak4"));
    // With a minimum interval, quick saves leave the backups alone.
    store.setMinBackupInterval(std::chrono::hours(1));
    t.insert(seg(10 * kS, 11 * kS, "lunge"));
    store.save({t});
    QCOMPARE(readFile(store.backupPath(1)), versions[3]);
}

void TestLabels::storeDetectsConflictsAndKeepsUnreadableFiles()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    LabelStore store(dir);
    LabelTrack t;
    t.insert(seg(0, kS, "squat"));
    store.save({t});
    QVERIFY(!store.changedOnDisk());
    // Someone else writes labels.json (same size even: a different label of equal length).
    QByteArray other = readFile(store.labelsPath());
    other.replace("squat", "lunge");
    writeFile(store.labelsPath(), other);
    QVERIFY(store.changedOnDisk());
    t.insert(seg(2 * kS, 3 * kS, "walking"));
    QVERIFY_THROWS_EXCEPTION(LabelConflict, store.save({t}));
    QCOMPARE(readFile(store.labelsPath()), other); // nothing written
    store.save({t}, true); // overwrite on request
    QVERIFY(!store.changedOnDisk());
    QCOMPARE(LabelStore(dir).load(nullptr), std::vector<LabelTrack>{t});

    // An unreadable labels.json is kept as a backup, never replaced silently.
    writeFile(store.labelsPath(), "{ not json");
    LabelStore fresh(dir);
    std::vector<std::string> warnings;
    QVERIFY(fresh.load(&warnings).empty());
    QCOMPARE(warnings.size(), std::size_t(1));
    fresh.save({t});
    QCOMPARE(fresh.lastSaveNotes().size(), std::size_t(1));
    const QStringList kept = QDir(QString::fromStdString(fresh.backupDir().string()))
                                 .entryList({QStringLiteral("labels.json.unreadable-*")}, QDir::Files);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(readFile(fresh.backupDir() / kept[0].toStdString()), QByteArray("{ not json"));
    QCOMPARE(LabelStore(dir).load(nullptr), std::vector<LabelTrack>{t});
}

void TestLabels::csvAndJsonRoundTripExactly()
{
    QTemporaryDir tmp;
    const std::vector<LabelTrack> tracks = sampleTracks();
    const ExchangeContext context{5 * kS + 3, "", ""};
    for (LabelFormat f : {LabelFormat::Csv, LabelFormat::Json}) {
        const fs::path file = tmp.filePath(f == LabelFormat::Csv ? "l.csv" : "l.json").toStdString();
        exportLabels(file, f, tracks, context);
        ImportOptions options;
        options.addLabels = true; // new tracks get the default vocabulary (JSON: the file's)
        const auto back = importLabels(file, f, {}, context, options);
        QCOMPARE(back.size(), tracks.size());
        for (std::size_t i = 0; i < tracks.size(); ++i) {
            QCOMPARE(back[i].name(), tracks[i].name());
            for (std::size_t k = 0; k < tracks[i].segments().size(); ++k) {
                const auto &x = back[i].segments()[k], &y = tracks[i].segments()[k];
                QVERIFY2(x == y, qPrintable(QStringLiteral("%1 %2 %3 vs %4 %5 %6")
                                                .arg(x.start_ns)
                                                .arg(x.end_ns)
                                                .arg(QString::fromStdString(x.label))
                                                .arg(y.start_ns)
                                                .arg(y.end_ns)
                                                .arg(QString::fromStdString(y.label))));
            }
            QCOMPARE(back[i].segments(), tracks[i].segments()); // exact to the nanosecond
        }
    }
    // CSV times are seconds from the session start, with nine decimals.
    const QByteArray csv = readFile(tmp.filePath("l.csv").toStdString());
    QVERIFY2(csv.startsWith("start_s,end_s,label,track\n-3.765432112,-2.000000003,squat,alice\n"), csv.constData());
    QVERIFY2(csv.contains("\"jump \"\"high\"\"\",\"bob, the second\""), csv.constData());
}

void TestLabels::eafIsWellFormedAndRoundTripsToTheMillisecond()
{
    QTemporaryDir tmp;
    LabelTrack a("alice"), b("bob");
    a.insert(seg(5 * kS + 1'234'000'000, 5 * kS + 2'000'000'000, "squat"));
    a.insert(seg(5 * kS + 2'000'000'000, 5 * kS + 4'567'000'000, "lunge"));
    b.insert(seg(5 * kS + 10'000'000, 5 * kS + 3'001'000'000, "walking"));
    const ExchangeContext context{5 * kS, "file:///data/s1/cameras/cam0.mp4", "video/mp4"};
    const fs::path file = tmp.filePath("l.eaf").toStdString();
    exportLabels(file, LabelFormat::Eaf, {a, b}, context);

    QXmlStreamReader r(readFile(file));
    std::map<QString, int> count;
    std::vector<QString> tiers, values, times;
    while (!r.atEnd()) {
        if (r.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QString n = r.name().toString();
        ++count[n];
        const auto at = r.attributes();
        if (n == "ANNOTATION_DOCUMENT") {
            QCOMPARE(at.value("FORMAT").toString(), QStringLiteral("3.0"));
            QCOMPARE(at.value("VERSION").toString(), QStringLiteral("3.0"));
            QVERIFY(at.hasAttribute("AUTHOR") && !at.value("DATE").isEmpty());
        } else if (n == "HEADER") {
            QCOMPARE(at.value("TIME_UNITS").toString(), QStringLiteral("milliseconds"));
        } else if (n == "MEDIA_DESCRIPTOR") {
            QCOMPARE(at.value("MEDIA_URL").toString(), QStringLiteral("file:///data/s1/cameras/cam0.mp4"));
        } else if (n == "TIME_SLOT") {
            times.push_back(at.value("TIME_VALUE").toString());
        } else if (n == "TIER") {
            QCOMPARE(at.value("LINGUISTIC_TYPE_REF").toString(), QStringLiteral("default-lt"));
            tiers.push_back(at.value("TIER_ID").toString());
        } else if (n == "ANNOTATION_VALUE") {
            values.push_back(r.readElementText());
        }
    }
    QVERIFY2(!r.hasError(), qPrintable(r.errorString()));
    QCOMPARE(count["HEADER"], 1);
    QCOMPARE(count["TIME_ORDER"], 1);
    QCOMPARE(count["ALIGNABLE_ANNOTATION"], 3);
    QCOMPARE(count["LINGUISTIC_TYPE"], 1);
    QCOMPARE(count["LANGUAGE"], 1);
    QCOMPARE(count["CONSTRAINT"], 4);
    QCOMPARE(tiers, (std::vector<QString>{"alice", "bob"}));
    QCOMPARE(values, (std::vector<QString>{"squat", "lunge", "walking"}));
    QCOMPARE(times, (std::vector<QString>{"1234", "2000", "2000", "4567", "10", "3001"})); // ms from the start

    const auto back = importLabels(file, LabelFormat::Eaf, {}, context);
    QCOMPARE(back.size(), std::size_t(2));
    QCOMPARE(back[0].segments(), a.segments());
    QCOMPARE(back[1].segments(), b.segments());
}

void TestLabels::badFilesNameTheLineAndChangeNothing()
{
    QTemporaryDir tmp;
    const fs::path csv = tmp.filePath("bad.csv").toStdString();
    LabelTrack existing("actions");
    existing.insert(seg(100 * kS, 110 * kS, "squat"));
    const std::vector<LabelTrack> tracks{existing};
    const QString f = QString::fromStdString(csv.string());
    writeFile(csv, "start,end_s,label,track\n1,2,squat,actions\n");
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":1: unknown column 'start'");
    writeFile(csv, "start_s,end_s,label,track\n1,2,squat,actions\n3,4,squat\n");
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":3: 3 fields, expected 4");
    writeFile(csv, "start_s,end_s,label,track\n1,2,squat,actions\n\n5,4,squat,actions\n");
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":4: 'squat' ends (4.000 s) before or when it starts");
    writeFile(csv, "start_s,end_s,label,track\n1,2,dance,actions\n");
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":2: label 'dance' is not in the vocabulary");
    writeFile(csv, "start_s,end_s,label,track\n1,3,squat,actions\n2,4,lunge,actions\n");
    expectImportError(csv, LabelFormat::Csv, tracks,
                      f + ":3: track 'actions': segment 'lunge' [2.000 s, 4.000 s) would overlap");
    writeFile(csv, "start_s,end_s,label,track\n105,120,lunge,actions\n"); // overlaps the session's segment
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":2:");
    writeFile(csv, "start_s,end_s,label,track\nabc,2,squat,actions\n");
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":2: start_s 'abc' is not a number of seconds");
    writeFile(csv, "start_s,end_s,label\n1,2,squat\n");
    expectImportError(csv, LabelFormat::Csv, tracks, f + ":1: no 'track' column");
    // ... which --track makes readable
    ImportOptions into;
    into.track = "actions";
    QCOMPARE(importLabels(csv, LabelFormat::Csv, tracks, {}, into)[0].segments().size(), std::size_t(2));

    const fs::path eaf = tmp.filePath("bad.eaf").toStdString();
    const QString e = QString::fromStdString(eaf.string());
    writeFile(eaf, "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT>\n<HEADER TIME_UNITS=\"milliseconds\">\n</TIER>\n");
    expectImportError(eaf, LabelFormat::Eaf, tracks, e + ":4: malformed XML");
    writeFile(eaf, "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT>\n<TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t1\" "
                   "TIME_VALUE=\"500\"/></TIME_ORDER>\n<TIER TIER_ID=\"actions\">\n<ANNOTATION>\n"
                   "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"t1\" TIME_SLOT_REF2=\"t9\">"
                   "<ANNOTATION_VALUE>squat</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION>\n</ANNOTATION></TIER>\n"
                   "</ANNOTATION_DOCUMENT>\n");
    expectImportError(eaf, LabelFormat::Eaf, tracks, e + ":6: time slot 't9' is not in the TIME_ORDER");

    const fs::path json = tmp.filePath("bad.json").toStdString();
    writeFile(json, "{\"tracks\": [\n{\"name\": \"x\",\n \"segments\": [}\n");
    expectImportError(json, LabelFormat::Json, tracks, QString::fromStdString(json.string()) + ":3: not a labels JSON");
    QCOMPARE(tracks, std::vector<LabelTrack>{existing}); // the input is never changed
}

void TestLabels::importAddsReplacesAndRespectsLocks()
{
    QTemporaryDir tmp;
    const fs::path csv = tmp.filePath("in.csv").toStdString();
    writeFile(csv, "start_s,end_s,label,track\n1,2,squat,actions\n2,3,dance,new\n");
    LabelTrack existing("actions");
    existing.insert(seg(10 * kS, 20 * kS, "lunge"));
    ImportOptions add;
    add.addLabels = true;
    auto after = importLabels(csv, LabelFormat::Csv, {existing}, {}, add);
    QCOMPARE(after.size(), std::size_t(2));
    QCOMPARE(after[0].segments().size(), std::size_t(2));
    QVERIFY(after[1].hasLabel("dance"));
    ImportOptions replace = add;
    replace.replace = true;
    after = importLabels(csv, LabelFormat::Csv, {existing}, {}, replace);
    QCOMPARE(after[0].segments(), (std::vector<LabelSegment>{seg(1 * kS, 2 * kS, "squat")}));
    existing.setLocked(true);
    expectImportError(csv, LabelFormat::Csv, {existing}, "track actions is locked", add);
}

void TestLabels::agreementMatchesHandComputedExample()
{
    // Ten frames at t = 0..9 s.
    //   t:  0 1 2 3 4 5 6 7 8 9
    //   A:  w w w w s s s s - -      (walking [0,4), squat [4,8))
    //   B:  w w w s s s s s s -      (walking [0,3), squat [3,9))
    // Confusion [A][B]: walking->walking 3, walking->squat 1, squat->squat 4, none->squat 1, none->none 1.
    // Observed agreement p_o = (3 + 4 + 1) / 10 = 0.8.
    // Marginals A: walking 4, squat 4, none 2; B: walking 3, squat 6, none 1.
    // Chance p_e = (4*3 + 4*6 + 2*1) / 100 = 0.38; kappa = (0.8 - 0.38) / (1 - 0.38) = 0.42 / 0.62 = 0.677419...
    // walking: precision 3/3 = 1, recall 3/4 = 0.75, F1 = 2*0.75/1.75 = 0.857142...
    // squat:   precision 4/6 = 0.6667, recall 4/4 = 1, F1 = 2*(2/3)/(5/3) = 0.8.
    // Segments: walking boundaries differ by (0, 1 s), squat by (1 s, 1 s): with a 1 s tolerance both
    // match (2 matched, 0 missed, 0 extra, F1 1); with 0.5 s none does (0, 2 missed, 2 extra, F1 0).
    LabelTrack a("A"), b("B");
    a.insert(seg(0, 4 * kS, "walking"));
    a.insert(seg(4 * kS, 8 * kS, "squat"));
    b.insert(seg(0, 3 * kS, "walking"));
    b.insert(seg(3 * kS, 9 * kS, "squat"));
    std::vector<TimeNs> frames;
    for (int i = 0; i < 10; ++i)
        frames.push_back(i * kS);
    const AgreementResult r = computeAgreement(a, b, frames, kS);
    QCOMPARE(r.frames, std::size_t(10));
    QVERIFY(qFuzzyCompare(r.observed, 0.8));
    QVERIFY(qFuzzyCompare(r.expected, 0.38));
    QVERIFY(std::abs(r.kappa - 0.42 / 0.62) < 1e-12);
    QCOMPARE(r.perLabel.at("walking").precision, 1.0);
    QCOMPARE(r.perLabel.at("walking").recall, 0.75);
    QVERIFY(std::abs(r.perLabel.at("walking").f1 - 6.0 / 7.0) < 1e-12);
    QVERIFY(std::abs(r.perLabel.at("squat").precision - 4.0 / 6.0) < 1e-12);
    QCOMPARE(r.perLabel.at("squat").recall, 1.0);
    QVERIFY(std::abs(r.perLabel.at("squat").f1 - 0.8) < 1e-12);
    QCOMPARE(r.perLabel.count("none"), std::size_t(0));
    QCOMPARE(r.segments.matched, std::size_t(2));
    QCOMPARE(r.segments.f1, 1.0);
    const AgreementResult strict = computeAgreement(a, b, frames, kS / 2);
    QCOMPARE(strict.segments.matched, std::size_t(0));
    QCOMPARE(strict.segments.missed, std::size_t(2));
    QCOMPARE(strict.segments.extra, std::size_t(2));
    QCOMPARE(strict.segments.f1, 0.0);
    QCOMPARE(r.toJson()["kappa"].toDouble(), r.kappa);
}

void TestLabels::cliCommandsEndToEnd()
{
    QTemporaryDir tmp;
    const QString session = tmp.filePath("s");
    QVERIFY(QDir().mkpath(session));
    for (const auto& e : fs::recursive_directory_iterator(INSOLEPOSE_DEMO_SESSION)) {
        const fs::path to = session.toStdString() / fs::relative(e.path(), INSOLEPOSE_DEMO_SESSION);
        e.is_directory() ? fs::create_directories(to) : fs::copy_file(e.path(), to);
    }
    Run r = cli({"labels", "list", session});
    QVERIFY2(r.code == 0 && r.out.contains("track 'actions' (manual): 7 segments"), qPrintable(r.out + r.err));

    const QString eaf = tmp.filePath("out.eaf"), csv = tmp.filePath("out.csv"), json = tmp.filePath("out.json");
    for (const auto& [format, file] : {std::pair{"eaf", eaf}, {"csv", csv}, {"json", json}}) {
        r = cli({"labels", "export", session, "--format", format, "--out", file});
        QVERIFY2(r.code == 0 && QFile::exists(file), qPrintable(r.err));
    }
    QVERIFY(readFile(eaf.toStdString()).contains("cameras/cam0.mp4")); // the session's first video
    const fs::path labels = session.toStdString() + "/labels.json";
    const QByteArray original = readFile(labels);

    // A bad file: exit code 1, the message names the line, labels.json untouched.
    QByteArray bad = readFile(csv.toStdString());
    bad.replace(",actions\n", ",second\n");
    bad.append("1.0,0.5,squat,second\n");
    writeFile(tmp.filePath("bad.csv").toStdString(), bad);
    r = cli({"labels", "import", session, tmp.filePath("bad.csv")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("bad.csv:9: 'squat' ends"), qPrintable(r.err));
    QCOMPARE(readFile(labels), original);

    // A good one: a second annotator's track that moves the lunge start by 0.1 s.
    QByteArray second = readFile(csv.toStdString());
    second.replace(",actions\n", ",second\n");
    second.replace("15.000000000,30.000000000,lunge", "15.100000000,30.000000000,lunge");
    writeFile(tmp.filePath("second.csv").toStdString(), second);
    r = cli({"labels", "import", session, tmp.filePath("second.csv")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readFile(session.toStdString() + "/.labels-backup/labels.json.bak1"), original);
    const Session s = openSession(session.toStdString());
    QCOMPARE(s.labelTracks().size(), std::size_t(2));

    r = cli({"labels", "agreement", session, "--tracks", "actions", "second", "--csv", tmp.filePath("agr.csv")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY(result["kappa"].toDouble() > 0.95 && result["kappa"].toDouble() < 1.0);
    QVERIFY(result["per_label"].toObject()["lunge"].toObject()["recall"].toDouble() < 1.0);
    QCOMPARE(result["per_label"].toObject()["squat"].toObject()["f1"].toDouble(), 1.0);
    QCOMPARE(result["segments"].toObject()["matched"].toInt(), 7); // 0.1 s is within 200 ms
    QVERIFY(readFile(tmp.filePath("agr.csv").toStdString()).startsWith("label,precision,recall,f1"));
    r = cli({"labels", "agreement", session, "--tracks", "actions", "second", "--tolerance-ms", "50"});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["segments"].toObject()["matched"].toInt(), 6);

    // EAF import of our own export into a new track name needs the tier name: --track picks one tier.
    r = cli({"labels", "import", session, eaf, "--track", "nosuch"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("has no track named 'nosuch'"), qPrintable(r.err));
    r = cli({"labels", "import", session, json, "--replace"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(openSession(session.toStdString()).labelTracks()[0], s.labelTracks()[0]);

    // propose-labels with a model that has no action probe says how to get one and changes nothing.
    const fs::path model = tmp.filePath("m.pt").toStdString();
    fs::copy_file(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt", model);
    fs::copy_file(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt.json", model.string() + ".json");
    const QByteArray before = readFile(labels);
    r = cli({"propose-labels", session, "--model", QString::fromStdString(model.string())});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("has no action probe") && r.err.contains("--train-probe"), qPrintable(r.err));
    QCOMPARE(readFile(labels), before);
}

QTEST_GUILESS_MAIN(TestLabels)
#include "test_labels.moc"
