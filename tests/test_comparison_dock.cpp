// The studio's comparison dock (under xvfb-run) on a copy of the demo session with a second,
// known-offset prediction: the numbers match the core, the statistics follow the loop range and
// the cursor, the second model is switchable and draws a difference curve, a worst-frame click
// moves the cursor, and export writes the tables, charts and a one-page PDF.
#include "ComparisonDock.h"
#include "LabelEditor.h"
#include "PlaybackClock.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "TestUtil.h"
#include "insolepose/Session.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/widgets/SkeletonView.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace insolepose;
namespace fs = std::filesystem;

class TestComparisonDock : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_session;

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings(m_tmp, "test_comparison_dock");
        // The demo with a second model "shifted": lite-demo with the nose 2 cm further along x.
        const fs::path to = fs::path(m_tmp.path().toStdString()) / "demo";
        fs::copy(INSOLEPOSE_DEMO_SESSION, to, fs::copy_options::recursive);
        const Session s = openSession(to);
        const KeypointStream& p = s.predictions().front();
        std::vector<TimeNs> times;
        std::vector<Pose> poses;
        for (std::size_t i = 0; i < p.size(); ++i) {
            times.push_back(p.timeAt(i));
            poses.push_back(p.pose(i));
            poses.back()[0].x() += 0.02f;
        }
        writePredictions(to, "shifted", times, poses);
        m_session = QString::fromStdString(to.string());
    }

    void dockComparesFollowsRangeAndCursorAndExports()
    {
        StudioWindow win;
        win.show();
        ComparisonDock* dock = win.comparison();
        QSignalSpy updated(dock, &ComparisonDock::updated);
        // A hidden dock computes nothing; shown, it compares on a worker thread.
        QVERIFY(!dock->dock()->isVisible());
        QVERIFY(win.openSession(m_session));
        QVERIFY(!dock->isBusy() && !dock->tables());
        QElapsedTimer timer;
        timer.start();
        dock->dock()->show();
        QTRY_VERIFY_WITH_TIMEOUT(!dock->isBusy() && dock->tables(), 20000);
        qInfo("comparison of the demo session ready %lld ms after showing the dock", qint64(timer.elapsed()));
        QCOMPARE(dock->models(), (QStringList{"lite-demo", "shifted"}));

        // The whole session: the same numbers as the core computes.
        const Session& s = *win.review()->session();
        const analysis::ErrorStats core =
            analysis::summarize(analysis::comparePoses(s.groundTruth(), *s.prediction("lite-demo")));
        QCOMPARE(dock->tables()->primary.frames, core.frames);
        QVERIFY(std::abs(dock->tables()->primary.raw.mean_cm - core.raw.mean_cm) < 1e-9);
        QCOMPARE(dock->table()->item(0, 2)->text(), QString::number(core.frames));
        QCOMPARE(dock->table()->item(0, 3)->text(), QString::number(core.raw.mean_cm, 'f', 2));
        QVERIFY(dock->table()->rowCount() >= 1 + 5 + 3 + 7); // all, regions, axes, the seven actions
        QCOMPARE(dock->worstList()->count(), 20);

        // A loop range narrows the statistics to its frames.
        const TimeNs start = win.clock()->start_ns();
        win.setLoopRange(std::make_pair(start + 10 * kNsPerSecond, start + 20 * kNsPerSecond));
        const std::size_t inRange = dock->tables()->primary.frames;
        QVERIFY2(inRange > 250 && inRange < 350, qPrintable(QString::number(inRange))); // 30 Hz ground truth
        QCOMPARE(dock->table()->item(0, 2)->text(), QString::number(inRange));
        for (int i = 0; i < dock->worstList()->count(); ++i) {
            const qint64 t = dock->worstList()->item(i)->data(Qt::UserRole).toLongLong();
            QVERIFY(t >= start + 10 * kNsPerSecond && t < start + 20 * kNsPerSecond);
        }
        win.setLoopRange(std::nullopt);
        QCOMPARE(dock->tables()->primary.frames, core.frames);

        // The cursor: the frame under it is shown.
        win.clock()->setCursor(start + 30 * kNsPerSecond);
        QVERIFY2(dock->cursorText().contains("30.0"), qPrintable(dock->cursorText()));
        win.clock()->setCursor(start + 31 * kNsPerSecond);
        QVERIFY2(dock->cursorText().contains("31.0"), qPrintable(dock->cursorText()));

        // Clicking a worst frame moves the cursor there.
        QListWidget* worst = dock->worstList();
        QTRY_VERIFY(worst->isVisible());
        const QRect itemRect = worst->visualItemRect(worst->item(2));
        QTest::mouseClick(worst->viewport(), Qt::LeftButton, {}, itemRect.center());
        QCOMPARE(win.clock()->cursor_ns(), worst->item(2)->data(Qt::UserRole).toLongLong());

        // Two models: the prediction row shows the first, a difference curve joins the timeline;
        // "shifted" differs from lite-demo by 2 cm on one joint of 19 everywhere.
        timer.restart();
        timer.restart();
        dock->setModels("shifted", "lite-demo");
        qInfo("choosing two models took %lld ms on the UI thread", qint64(timer.elapsed()));
        QCOMPARE(win.review()->shownPrediction()->name(), std::string("shifted"));
        QTRY_VERIFY_WITH_TIMEOUT(!dock->isBusy() && dock->input()->second, 20000);
        qInfo("the comparison of both models was ready after %lld ms", qint64(timer.elapsed()));
        QCOMPARE(win.review()->extraCurves().size(), std::size_t(1));
        const auto& diff = win.review()->extraCurves().front();
        QCOMPARE(diff.times.size(), core.frames);
        for (float v : diff.values)
            QVERIFY(std::abs(v - 2.0f / 19.0f) < 1e-3f);
        QCOMPARE(dock->input()->primary.model, std::string("shifted"));
        QCOMPARE(dock->table()->columnCount(), 6);
        if (const QByteArray images = qgetenv("INSOLEPOSE_DOC_IMAGES"); !images.isEmpty()) {
            // The pictures of docs/STUDIO.md: the dock over a loop range, and the PDF's page.
            win.setLoopRange(std::make_pair(start + 40 * kNsPerSecond, start + 70 * kNsPerSecond));
            win.clock()->setCursor(start + 52 * kNsPerSecond);
            QTest::qWait(500);
            QVERIFY(win.grabWindow().save(QString::fromUtf8(images) + "/studio-comparison.png"));
            const report::ComparisonTables t = report::computeTables(*dock->input());
            QVERIFY(report::comparisonReport(*dock->input(), t)
                        .renderPage(900)
                        .save(QString::fromUtf8(images) + "/comparison-report.png"));
            win.setLoopRange(std::nullopt);
        }
        dock->setModels("lite-demo");
        QVERIFY(win.review()->extraCurves().empty());
        QTRY_VERIFY_WITH_TIMEOUT(!dock->isBusy() && !dock->input()->second, 20000);

        // Labels edited in the studio split the table at once: one "lunge" segment over everything.
        LabelTrack edited("actions");
        LabelSegment all;
        all.start_ns = start;
        all.end_ns = win.clock()->end_ns() + 1;
        all.label = "lunge";
        edited.add(all);
        win.labelEditor()->applyDocument({edited});
        QCOMPARE(dock->tables()->byLabel.size(), std::size_t(1));
        QCOMPARE(dock->tables()->byLabel.at("lunge").frames, core.frames);
        // The table's rows by kind (column 0) and name (column 1): the action row, and the rows of
        // the gait phases found by the gait dock's analysis of the demo (docs/GAIT.md).
        QStringList actionRows, phaseRows;
        for (int r = 0; r < dock->table()->rowCount(); ++r) {
            const QString kind = dock->table()->item(r, 0)->text(), name = dock->table()->item(r, 1)->text();
            if (kind == "action")
                actionRows << name;
            else if (kind == "gait phase")
                phaseRows << name;
        }
        QCOMPARE(actionRows, QStringList{"lunge"});
        QVERIFY2(phaseRows.contains("double-support") && phaseRows.contains("single-support"),
                 qPrintable(phaseRows.join(',')));
        QCOMPARE(phaseRows.size(), qsizetype(dock->tables()->byGaitPhase.size()));

        // Export: tables, charts and a one-page PDF.
        const QString out = m_tmp.filePath("export");
        QVERIFY(dock->exportTo(out));
        for (const char* f : {"comparison.csv", "by_part.csv", "by_action.csv", "worst_frames.csv", "per_joint.png",
                              "by_part.png", "by_action.png", "report.pdf"})
            QVERIFY2(QFile::exists(out + "/" + f), f);
        QFile pdf(out + "/report.pdf");
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.readAll().contains("/Count 1"));
        QVERIFY(updated.count() >= 4);

        // Export from a hidden dock compares what is chosen now.
        dock->dock()->hide();
        dock->setModels("shifted");
        QVERIFY(dock->exportTo(m_tmp.filePath("export-hidden")));
        QFile joints(m_tmp.filePath("export-hidden/comparison.csv"));
        QVERIFY(joints.open(QIODevice::ReadOnly));
        QVERIFY(joints.readLine().startsWith("index,joint,region,shifted_cm,shifted_pa_cm\n"));
    }
};

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestComparisonDock t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_comparison_dock.moc"
