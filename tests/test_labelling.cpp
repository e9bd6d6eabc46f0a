// Labelling in the studio (under xvfb-run), on a copy of the demo session: create, move, resize,
// split, merge and delete segments with the mouse on the timeline and with the keyboard (label
// hotkeys also while playing), undo and redo each; autosave and reopen; labels.json changed on
// disk is never overwritten silently; and the real studio killed with SIGKILL 3 s after an edit
// typed with xdotool keeps the edit.
#include "ActionRegistry.h"
#include "AgreementDialog.h"
#include "LabelEditor.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "TestUtil.h"
#include "insolepose/LabelStore.h"
#include "insolepose/Session.h"
#include "insolepose/SessionReader.h"
#include "insolepose/model/LabelProposal.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QMouseEvent>
#include <QProcess>
#include <QSettings>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUndoView>

#include <csignal>
#include <filesystem>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

QString copyDemo(const QTemporaryDir& tmp, const QString& name)
{
    const fs::path to = fs::path(tmp.path().toStdString()) / name.toStdString();
    fs::copy(INSOLEPOSE_DEMO_SESSION, to, fs::copy_options::recursive);
    return QString::fromStdString(to.string());
}

/// A left drag on the timeline from x0 to x1 at height y (moves carry the button, as a real drag).
void drag(TimelineWidget* t, double x0, double x1, int y)
{
    QTest::mousePress(t, Qt::LeftButton, {}, QPoint(int(x0), y));
    for (int i = 1; i <= 4; ++i) {
        const QPointF p(x0 + (x1 - x0) * i / 4.0, y);
        QMouseEvent move(QEvent::MouseMove, p, t->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(t, &move);
    }
    QTest::mouseRelease(t, Qt::LeftButton, {}, QPoint(int(x1), y));
}

TimeNs s(double seconds) { return secondsToNs(seconds); }

bool near(TimeNs a, TimeNs b, TimeNs tolerance) { return std::abs(a - b) <= tolerance; }

/// labels.json with one empty track "actions" (the paper's vocabulary), written as the studio would.
void clearLabels(const QString& session)
{
    LabelStore store(session.toStdString());
    store.load(nullptr);
    store.save({LabelTrack()}, true);
}

} // namespace

class TestLabelling : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    int m_copies = 0;

    QString freshSession() { return copyDemo(m_tmp, QStringLiteral("session%1").arg(++m_copies)); }

    /// A window on a fresh copy, shown, with a second (empty) track active.
    struct Open {
        std::unique_ptr<StudioWindow> win;
        LabelEditor* editor;
        TimelineWidget* timeline;
        QString folder;
        bool ok; ///< Shown, active and the session open.
    };
    Open open(const QString& folder)
    {
        Open o{std::make_unique<StudioWindow>(), nullptr, nullptr, folder, false};
        o.win->show();
        // Without a window manager (xvfb) the window is made active by hand: shortcuts need that.
        o.ok = QTest::qWaitForWindowExposed(o.win.get());
        o.win->activateWindow();
        QApplication::setActiveWindow(o.win.get());
        o.ok = o.ok && QTest::qWaitForWindowActive(o.win.get()) && o.win->openSession(folder);
        o.editor = o.win->labelEditor();
        o.timeline = o.win->timeline();
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings(m_tmp, "test_labelling");
        LabelEditor::setReactionTime_s(0.2);
    }

    void mouseEditsUndoAndRedo()
    {
        Open o = open(freshSession());
        QVERIFY(o.ok);
        LabelEditor* e = o.editor;
        TimelineWidget* t = o.timeline;
        QUndoStack* undo = e->undoStack();
        QVERIFY(e->addTrack("annotator 2"));
        QCOMPARE(e->tracks().size(), std::size_t(2));
        QCOMPARE(e->activeTrack(), 1);
        const TimeNs t0 = o.win->clock()->start_ns();
        t->setView(t0 + s(10), t0 + s(20));
        const int y = t->trackY(1);
        QVERIFY(y > 0);
        const auto& track = [e]() -> const LabelTrack& { return e->tracks()[1]; };
        const auto x = [t, t0](double seconds) { return t->xForTime(t0 + s(seconds)); };
        const auto& frames = o.win->review()->session()->tactile(Foot::Left).samples();
        const auto onFrame = [&frames](TimeNs time) { return frames.timeAt(*frames.latestAt(time)) == time; };

        // Create: drag on an empty part of the track; the ends snap to frames of the step stream.
        drag(t, x(12), x(14), y);
        QCOMPARE(track().segments().size(), std::size_t(1));
        LabelSegment seg = track().segments()[0];
        QVERIFY(near(seg.start_ns, t0 + s(12), s(0.06)) && near(seg.end_ns, t0 + s(14), s(0.06)));
        QVERIFY(onFrame(seg.start_ns) && onFrame(seg.end_ns));
        QCOMPARE(seg.label, e->currentLabel());
        QCOMPARE(e->selection(), std::optional(LabelEditor::Selection{1, 0}));
        undo->undo();
        QVERIFY(track().segments().empty());
        undo->redo();
        QCOMPARE(track().segments()[0], seg);

        // Move: drag the middle half a second later; the length stays.
        drag(t, x(13), x(13.5), y);
        const LabelSegment moved = track().segments()[0];
        QVERIFY(near(moved.start_ns, seg.start_ns + s(0.5), s(0.06)));
        QCOMPARE(moved.end_ns - moved.start_ns, seg.end_ns - seg.start_ns);
        undo->undo();
        QCOMPARE(track().segments()[0], seg);
        undo->redo();
        QCOMPARE(track().segments()[0], moved);

        // Resize the end onto the other track's segment edge at 15 s: it snaps exactly.
        drag(t, t->xForTime(moved.end_ns), x(15) + 3, y);
        QCOMPARE(track().segments()[0].end_ns, t0 + s(15));
        QCOMPARE(track().segments()[0].start_ns, moved.start_ns);
        undo->undo();
        QCOMPARE(track().segments()[0], moved);
        undo->redo();
        // Resize the start earlier.
        drag(t, t->xForTime(moved.start_ns), x(11), y);
        QVERIFY(near(track().segments()[0].start_ns, t0 + s(11), s(0.06)));
        undo->undo();
        QCOMPARE(track().segments()[0].start_ns, moved.start_ns);
        undo->redo();

        // A second segment dragged into the first one is clamped: segments never overlap.
        drag(t, x(17), x(10.5), y);
        QCOMPARE(track().segments().size(), std::size_t(2));
        QCOMPARE(track().segments()[1].start_ns, t0 + s(15));
        QVERIFY(near(track().segments()[1].end_ns, t0 + s(17), s(0.06)));
        QVERIFY(track().overlaps().empty());

        // Click selects (and seeks); Delete deletes; undo brings it back.
        QTest::mouseClick(t, Qt::LeftButton, {}, QPoint(int(x(16)), y));
        QCOMPARE(e->selection(), std::optional(LabelEditor::Selection{1, 1}));
        QVERIFY(near(o.win->clock()->cursor_ns(), t0 + s(16), s(0.02)));
        const LabelSegment second = track().segments()[1];
        QTest::keyClick(o.win.get(), Qt::Key_Delete);
        QCOMPARE(track().segments().size(), std::size_t(1));
        undo->undo();
        QCOMPARE(track().segments()[1], second);
        undo->redo();
        QCOMPARE(track().segments().size(), std::size_t(1));
        undo->undo();

        // A locked track refuses drags (the drag only seeks), and says why when edited otherwise.
        QVERIFY(e->setTrackLocked(1, true));
        drag(t, x(18), x(19), y);
        QCOMPARE(track().segments().size(), std::size_t(2));
        e->select(LabelEditor::Selection{1, 1});
        QVERIFY(!e->deleteSelected());
        QVERIFY(o.win->statusBar()->currentMessage().contains("locked"));
        undo->undo(); // unlock
        QVERIFY(!track().locked());
    }

    void keyboardEditsUndoAndRedo()
    {
        Open o = open(freshSession());
        QVERIFY(o.ok);
        LabelEditor* e = o.editor;
        QUndoStack* undo = e->undoStack();
        QWidget* w = o.win.get();
        QVERIFY(e->addTrack("annotator 2"));
        const auto& track = [e]() -> const LabelTrack& { return e->tracks()[1]; };
        const TimeNs t0 = o.win->clock()->start_ns();
        QVERIFY(e->createSegment(1, t0 + s(20), t0 + s(24), "squat"));
        QVERIFY(e->createSegment(1, t0 + s(24), t0 + s(26), "lunge"));
        const LabelSegment a = track().segments()[0], b = track().segments()[1];

        // Split at the cursor (S).
        e->select(LabelEditor::Selection{1, 0});
        o.win->clock()->setCursor(t0 + s(22));
        const TimeNs cut = o.win->clock()->cursor_ns();
        QTest::keyClick(w, Qt::Key_S);
        QCOMPARE(track().segments().size(), std::size_t(3));
        QCOMPARE(track().segments()[0].end_ns, cut);
        QCOMPARE(track().segments()[1].start_ns, cut);
        undo->undo();
        QCOMPARE(track().segments()[0], a);
        undo->redo();
        QCOMPARE(track().segments().size(), std::size_t(3));
        undo->undo();

        // Merge with the next (M): one segment from a's start to b's end, with a's label.
        e->select(LabelEditor::Selection{1, 0});
        QTest::keyClick(w, Qt::Key_M);
        QCOMPARE(track().segments().size(), std::size_t(1));
        QCOMPARE(track().segments()[0].end_ns, b.end_ns);
        QCOMPARE(track().segments()[0].label, a.label);
        undo->undo();
        QCOMPARE(track().segments()[1], b);
        undo->redo();
        undo->undo();

        // Nudge the start one frame later (Alt+Right) along the chosen stream, then the end earlier.
        e->select(LabelEditor::Selection{1, 1});
        const auto& frames = o.win->review()->session()->tactile(Foot::Left).samples();
        QTest::keyClick(w, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(track().segments()[1].start_ns, frames.timeAt(*frames.latestAt(b.start_ns) + 1));
        QTest::keyClick(w, Qt::Key_Left, Qt::AltModifier | Qt::ShiftModifier);
        QCOMPARE(track().segments()[1].end_ns, frames.timeAt(*frames.latestAt(b.end_ns - 1)));
        undo->undo();
        undo->undo();
        QCOMPARE(track().segments()[1], b);

        // Delete, rename; previous label (Shift+N) jumps back to a segment start.
        e->select(LabelEditor::Selection{1, 1});
        QTest::keyClick(w, Qt::Key_Delete);
        QCOMPARE(track().segments().size(), std::size_t(1));
        undo->undo();
        e->select(LabelEditor::Selection{1, 1});
        QVERIFY(e->renameSelected("walking"));
        QCOMPARE(track().segments()[1].label, std::string("walking"));
        undo->undo();
        QCOMPARE(track().segments()[1].label, std::string("lunge"));
        o.win->clock()->setCursor(t0 + s(25));
        QTest::keyClick(w, Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(o.win->clock()->cursor_ns(), b.start_ns);
        QTest::keyClick(w, Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(o.win->clock()->cursor_ns(), a.start_ns);
        // Loop the selected segment.
        e->select(LabelEditor::Selection{1, 1});
        QTest::keyClick(w, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(o.win->clock()->loop(), std::optional(std::make_pair(b.start_ns, b.end_ns)));
        o.win->setLoopRange(std::nullopt);

        // Ctrl+Z / Ctrl+Shift+Z undo and redo the last edit; the history dock lists every edit.
        e->select(LabelEditor::Selection{1, 1});
        QTest::keyClick(w, Qt::Key_Delete);
        QCOMPARE(track().segments().size(), std::size_t(1));
        QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(track().segments()[1], b);
        QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(track().segments().size(), std::size_t(1));
        o.win->actions()->action("edit.history")->trigger();
        auto* history = o.win->findChild<QUndoView*>();
        QVERIFY(history && history->isVisible());
        QCOMPARE(history->model()->rowCount(), undo->count() + 1); // + "as opened"
    }

    void labelKeysWhilePlaying()
    {
        Open o = open(freshSession());
        QVERIFY(o.ok);
        LabelEditor* e = o.editor;
        QWidget* w = o.win.get();
        PlaybackClock* clock = o.win->clock();
        QVERIFY(e->addTrack("annotator 2"));
        const LabelTrack& track = e->tracks()[1];
        // The default hotkeys are 1..9 in vocabulary order.
        const std::string first = track.vocabulary()[0], second = track.vocabulary()[1];
        QCOMPARE(track.style(first).hotkey, std::string("1"));
        const TimeNs reaction = s(LabelEditor::reactionTime_s());
        clock->setCursor(clock->start_ns() + s(30));
        clock->play();
        QVERIFY(clock->isPlaying());
        const TimeNs pressed1 = clock->cursor_ns();
        QTest::keyClick(w, Qt::Key_1);
        QVERIFY(e->hasPendingSegment());
        QTRY_VERIFY(clock->cursor_ns() > pressed1 + s(0.5));
        // "2" ends the first label's segment and starts the second's; "2" again ends that.
        const TimeNs pressed2 = clock->cursor_ns();
        QTest::keyClick(w, Qt::Key_2);
        QTRY_VERIFY(clock->cursor_ns() > pressed2 + s(0.5));
        const TimeNs pressed3 = clock->cursor_ns();
        QTest::keyClick(w, Qt::Key_2);
        clock->pause();
        QVERIFY(!e->hasPendingSegment());
        const auto& segs = e->tracks()[1].segments();
        QCOMPARE(segs.size(), std::size_t(2));
        QCOMPARE(segs[0].label, first);
        QCOMPARE(segs[0].start_ns, pressed1 - reaction);
        QCOMPARE(segs[0].end_ns, pressed2 - reaction);
        QCOMPARE(segs[1].label, second);
        QCOMPARE(segs[1].start_ns, pressed2 - reaction);
        QCOMPARE(segs[1].end_ns, pressed3 - reaction);
        // Each is one undoable edit.
        e->undoStack()->undo();
        QCOMPARE(e->tracks()[1].segments().size(), std::size_t(1));
        e->undoStack()->undo();
        QVERIFY(e->tracks()[1].segments().empty());
        e->undoStack()->redo();
        e->undoStack()->redo();
        QCOMPARE(e->tracks()[1].segments().size(), std::size_t(2));
        // A hotkey chosen in the vocabulary: W for the first label (1 then does nothing).
        std::vector<LabelStyle> styles;
        for (const auto& label : track.vocabulary())
            styles.push_back({"", label == first ? "w" : ""});
        QVERIFY(e->setVocabulary(1, track.vocabulary(), styles));
        QTest::keyClick(w, Qt::Key_1);
        QVERIFY(!e->hasPendingSegment());
        QTest::keyClick(w, Qt::Key_W);
        QVERIFY(e->hasPendingSegment());
        QTest::keyClick(w, Qt::Key_Escape);
        e->undoStack()->undo();
        // Paused: a key press and Escape leave nothing behind.
        QTest::keyClick(w, Qt::Key_3);
        QVERIFY(e->hasPendingSegment());
        QTest::keyClick(w, Qt::Key_Escape);
        QVERIFY(!e->hasPendingSegment());
        QCOMPARE(e->tracks()[1].segments().size(), std::size_t(2));
    }

    void autosaveAndReopen()
    {
        const QString folder = freshSession();
        LabelSegment made;
        {
            Open o = open(folder);
            QVERIFY(o.ok);
            QVERIFY(o.editor->addTrack("annotator 2"));
            QVERIFY(o.editor->createSegment(1, o.win->clock()->start_ns() + s(3), o.win->clock()->start_ns() + s(5),
                                            "lunge"));
            made = o.editor->tracks()[1].segments()[0];
            QVERIFY(o.editor->hasUnsavedEdits());
            // Saved within 2 s of the edit, while the window stays open.
            QTRY_VERIFY_WITH_TIMEOUT(!o.editor->hasUnsavedEdits(), 2000);
            const Session s = SessionReader::open(folder.toStdString());
            QCOMPARE(s.labelTracks().size(), std::size_t(2));
            QCOMPARE(s.labelTracks()[1].segments()[0], made);
            // Backups of the file as it was.
            QVERIFY(fs::exists(LabelStore(folder.toStdString()).backupPath(1)));
        }
        // A new window on the session shows the edit.
        Open again = open(folder);
        QVERIFY(again.ok);
        QCOMPARE(again.editor->tracks().size(), std::size_t(2));
        QCOMPARE(again.editor->tracks()[1].name(), std::string("annotator 2"));
        QCOMPARE(again.editor->tracks()[1].segments()[0], made);
        QCOMPARE(again.timeline->labelTracks().size(), std::size_t(2));
        QCOMPARE(again.timeline->labelTracks()[1].segments.size(), std::size_t(1));
    }

    void changedOnDiskIsNeverOverwrittenSilently()
    {
        const QString folder = freshSession();
        Open o = open(folder);
        QVERIFY(o.ok);
        LabelEditor* e = o.editor;
        const TimeNs t0 = o.win->clock()->start_ns();
        QVERIFY(e->addTrack("mine"));
        QVERIFY(e->saveNow());
        // Someone else writes labels.json (e.g. `insolepose labels import`).
        clearLabels(folder);
        const QByteArray theirs = [&] {
            QFile f(folder + "/labels.json");
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        QVERIFY(e->createSegment(1, t0 + s(1), t0 + s(2), "squat"));
        QVERIFY(!e->saveNow());
        QMessageBox* box = e->conflictQuestion();
        QVERIFY(box);
        QVERIFY(box->text().contains("labels.json"));
        {
            QFile f(folder + "/labels.json");
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), theirs); // untouched while the question is open
        }
        // Reload: the document is the file's; undo brings our edits back.
        const std::vector<LabelTrack> mine = e->tracks();
        for (QAbstractButton* b : box->buttons())
            if (b->text().contains("Reload"))
                b->click();
        QTRY_VERIFY(!e->conflictQuestion());
        QCOMPARE(e->tracks().size(), std::size_t(1));
        QVERIFY(e->tracks()[0].segments().empty());
        e->undoStack()->undo();
        QCOMPARE(e->tracks(), mine);
        QTRY_VERIFY_WITH_TIMEOUT(!e->hasUnsavedEdits(), 3000);

        // Again, this time overwriting: the file then holds our labels.
        clearLabels(folder);
        QVERIFY(e->createSegment(1, t0 + s(3), t0 + s(4), "lunge"));
        QVERIFY(!e->saveNow());
        box = e->conflictQuestion();
        QVERIFY(box);
        for (QAbstractButton* b : box->buttons())
            if (b->text().contains("Overwrite"))
                b->click();
        QTRY_VERIFY(!e->conflictQuestion());
        QVERIFY(!e->hasUnsavedEdits());
        const Session s = SessionReader::open(folder.toStdString());
        QCOMPARE(s.labelTracks().size(), std::size_t(2));
        QCOMPARE(s.labelTracks()[1].segments().size(), std::size_t(2));
        // Their version is among the backups.
        QVERIFY(fs::exists(LabelStore(folder.toStdString()).backupPath(1)));
    }

    /// Labels > Export and Import: CSV out and back in as one undoable edit; a bad file changes
    /// nothing and its message names the line.
    void exportAndImport()
    {
        Open o = open(freshSession());
        QVERIFY(o.ok);
        LabelEditor* e = o.editor;
        const std::vector<LabelTrack> before = e->tracks();
        const QString csv = m_tmp.filePath("exported.csv");
        QVERIFY(e->exportFile(csv));
        e->select(LabelEditor::Selection{0, 0});
        QVERIFY(e->deleteSelected());
        const std::vector<LabelTrack> edited = e->tracks();
        // Importing adds the file's segments: the deleted one comes back, the others would overlap.
        QFile bad(m_tmp.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("start_s,end_s,label,track\n1.0,0.5,squat,actions\n");
        bad.close();
        QVERIFY(!e->importFile(bad.fileName()));
        QVERIFY(o.win->lastError().contains("bad.csv"));
        QVERIFY2(o.win->lastError().contains("bad.csv:2:"), qPrintable(o.win->lastError()));
        QCOMPARE(e->tracks(), edited);
        QFile one(m_tmp.filePath("one.csv"));
        QVERIFY(one.open(QIODevice::WriteOnly));
        const LabelSegment& first = before[0].segments()[0];
        one.write(QStringLiteral("start_s,end_s,label,track\n%1,%2,%3,actions\n")
                      .arg(nsToSeconds(first.start_ns - o.win->clock()->start_ns()), 0, 'f', 3)
                      .arg(nsToSeconds(first.end_ns - o.win->clock()->start_ns()), 0, 'f', 3)
                      .arg(QString::fromStdString(first.label))
                      .toUtf8());
        one.close();
        QVERIFY2(e->importFile(one.fileName()), qPrintable(o.win->lastError()));
        QCOMPARE(e->tracks()[0].segments().size(), before[0].segments().size());
        QCOMPARE(e->tracks()[0].segments()[0].start_ns, first.start_ns);
        e->undoStack()->undo();
        QCOMPARE(e->tracks(), edited);
        // The export holds every segment.
        QFile exported(csv);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll().count('\n'), qsizetype(before[0].segments().size() + 1));
    }

    /// Labels > Agreement: a track against itself agrees fully; relabelling the first of seven
    /// equal segments (squat -> lunge) leaves lunge with recall 1 and precision 1/2 (F1 2/3).
    void agreementTable()
    {
        const Session session = SessionReader::open(INSOLEPOSE_DEMO_SESSION);
        LabelTrack a = session.labelTracks().at(0);
        LabelTrack b = a;
        b.setName("b");
        LabelSegment first = b.segments()[0];
        first.label = "lunge";
        b.replace(0, first);
        AgreementDialog dialog(session, {a, b});
        dialog.setTracks(0, 0);
        QVERIFY(dialog.result());
        QCOMPARE(dialog.result()->kappa, 1.0);
        dialog.setTracks(0, 1);
        QVERIFY(dialog.result());
        const AgreementResult& r = *dialog.result();
        QVERIFY(r.kappa < 0.9 && r.kappa > 0.7);
        QVERIFY(std::abs(r.perLabel.at("lunge").recall - 1.0) < 1e-9);
        QVERIFY(std::abs(r.perLabel.at("lunge").precision - 0.5) < 0.01);
        QVERIFY(std::abs(r.perLabel.at("lunge").f1 - 2.0 / 3.0) < 0.01);
        // The table shows one row per label with the same numbers.
        QCOMPARE(dialog.table()->rowCount(), int(r.perLabel.size()));
        const auto rows = dialog.table()->findItems("lunge", Qt::MatchExactly);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(dialog.table()->item(rows[0]->row(), 3)->text(), QString::number(r.perLabel.at("lunge").f1, 'f', 3));
        const QString csv = m_tmp.filePath("agreement.csv");
        QVERIFY(dialog.saveCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("lunge"));
    }

    /// Labels > Propose labels from model: without a probe beside the model it says so; with one
    /// (trained here on the demo's labels) a model track with per-segment confidences arrives from
    /// the worker thread as one undoable edit.
    void proposeLabelsFromModel()
    {
        Open o = open(freshSession());
        QVERIFY(o.ok);
        LabelEditor* e = o.editor;
        const fs::path model = fs::path(m_tmp.path().toStdString()) / "proposal-model.pt";
        fs::copy_file(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt", model);
        fs::copy_file(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt.json", model.string() + ".json");
        QVERIFY(o.win->prediction()->setModelFile(QString::fromStdString(model.string())));
        QVERIFY(e->proposeFromModel());
        QTRY_VERIFY_WITH_TIMEOUT(!e->isProposing(), 120000);
        QVERIFY2(o.win->lastError().contains("probe"), qPrintable(o.win->lastError()));
        QCOMPARE(e->tracks().size(), std::size_t(1));

        const Session* session = o.win->review()->session();
        // A quick probe (its accuracy is not what is tested here).
        model::trainAndSaveProbe(model::PoseModel::load(model), {session}, model::probePathFor(model),
                                 {.epochs = 3, .maxTrainWindows = 2000});
        QVERIFY(e->proposeFromModel());
        QVERIFY(e->isProposing());
        QTRY_VERIFY_WITH_TIMEOUT(!e->isProposing(), 120000);
        QCOMPARE(e->tracks().size(), std::size_t(2));
        const LabelTrack& proposed = e->tracks()[1];
        QVERIFY(proposed.isModelProposed());
        QVERIFY(!proposed.segments().empty());
        for (const LabelSegment& seg : proposed.segments())
            QVERIFY(seg.confidence && *seg.confidence >= 0.0 && *seg.confidence <= 1.0);
        QCOMPARE(o.timeline->labelTracks().size(), std::size_t(2));
        e->undoStack()->undo();
        QCOMPARE(e->tracks().size(), std::size_t(1));
    }

    /// The real studio, driven by real key events (xdotool), killed with SIGKILL 3 s after an edit.
    void editSurvivesSigkill()
    {
        const QString folder = freshSession();
        clearLabels(folder);
        QProcess studio;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", m_tmp.filePath("studio-config")); // default settings
        studio.setProcessEnvironment(env);
        studio.start(QStringLiteral(INSOLEPOSE_STUDIO), {folder});
        QVERIFY(studio.waitForStarted());
        const auto xdotool = [](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral("xdotool"), args);
            p.waitForFinished(30000);
            return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        };
        // Wait for the window with the session open (its title names the session).
        QString window;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(window = xdotool({"search", "--name", "InsolePose Studio — "}).section('\n', 0, 0)).isEmpty(), 60000);
        xdotool({"windowfocus", "--sync", window});
        QTest::qWait(500);
        // "1" starts a segment at the cursor, Shift+Right moves the cursor a second, "1" ends it.
        xdotool({"key", "--delay", "200", "1", "shift+Right", "shift+Right", "1"});
        QTest::qWait(3000);
        ::kill(pid_t(studio.processId()), SIGKILL);
        QVERIFY(studio.waitForFinished(10000));
        QCOMPARE(studio.exitStatus(), QProcess::CrashExit);
        const Session session = SessionReader::open(folder.toStdString());
        QCOMPARE(session.labelTracks().size(), std::size_t(1));
        QCOMPARE(session.labelTracks()[0].segments().size(), std::size_t(1));
        const LabelSegment& seg = session.labelTracks()[0].segments()[0];
        QCOMPARE(seg.label, defaultActionVocabulary()[0]);
        // Two seconds long, less the reaction time where it clamps at the session's start.
        QVERIFY2(seg.end_ns - seg.start_ns >= s(1.79) && seg.end_ns - seg.start_ns <= s(2.01),
                 qPrintable(QString::number(nsToSeconds(seg.end_ns - seg.start_ns))));
    }
};

QTEST_MAIN(TestLabelling)
#include "test_labelling.moc"
