// The report layer: charts paint their data where the axes say, bad data is refused with the
// chart named, PDFs are one page and a failed write names the file.
#include "insolepose/Colormap.h"
#include "insolepose/Error.h"
#include "insolepose/report/Report.h"

#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace insolepose;
using namespace insolepose::report;

namespace {

bool near(QColor a, QColor b, int tolerance = 12)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

/// Pixels of `image` within `tolerance` of `colour`.
int countColour(const QImage& image, QColor colour, int tolerance = 12)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += near(image.pixelColor(x, y), colour, tolerance);
    return n;
}

/// The horizontal extent of `colour` in the image (first and last column that has it), -1 if none.
std::pair<int, int> columnsOf(const QImage& image, QColor colour)
{
    int first = -1, last = -1;
    for (int x = 0; x < image.width(); ++x)
        for (int y = 0; y < image.height(); ++y)
            if (near(image.pixelColor(x, y), colour, 4)) {
                if (first < 0)
                    first = x;
                last = x;
                break;
            }
    return {first, last};
}

int pdfPageCount(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray bytes = f.readAll();
    return int(bytes.count("/Type /Page\n") + bytes.count("/Type /Page ") + bytes.count("/Type/Page\n"));
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void barHeightsFollowValues()
    {
        const QColor red(220, 30, 30), blue(30, 60, 220);
        BarChart chart{.title = "t",
                       .yLabel = "cm",
                       .categories = {"a", "b"},
                       .series = {{.name = "low", .colour = red, .values = {1.0, 1.0}},
                                  {.name = "high", .colour = blue, .values = {3.0, 3.0}}}};
        chart.valuesOnBars = false;
        const QImage image = render(chart, {600, 400});
        const int redPixels = countColour(image, red, 4), bluePixels = countColour(image, blue, 4);
        QVERIFY(redPixels > 100);
        // Same widths, three times the height (minus the legend swatch of each).
        QVERIFY2(std::abs(double(bluePixels) / redPixels - 3.0) < 0.35,
                 qPrintable(QStringLiteral("blue/red = %1").arg(double(bluePixels) / redPixels)));
    }

    void lineFollowsItsData()
    {
        const QColor green(20, 170, 40);
        LineChart chart{.title = "",
                        .xLabel = "s",
                        .yLabel = "",
                        .series = {{.name = "load", .colour = green, .x = {0, 10}, .y = {0, 0}}}};
        chart.series[0].width = 3;
        chart.bands = {{.from = 0, .to = 5, .colour = QColor(250, 200, 200)}};
        const QImage image = render(chart, {800, 400});
        const auto [first, last] = columnsOf(image, green);
        QVERIFY(first >= 0);
        const auto [bandFirst, bandLast] = columnsOf(image, QColor(250, 200, 200));
        // The band covers the first half of the line's x extent.
        QVERIFY2(
            std::abs((bandLast - bandFirst) - (last - first) / 2) < 8,
            qPrintable(QStringLiteral("band %1..%2 line %3..%4").arg(bandFirst).arg(bandLast).arg(first).arg(last)));
    }

    void mapUsesTheHeatmapScale()
    {
        MapChart map{.title = "peak", .rows = 2, .cols = 2, .values = {0.f, 1.f, 0.5f, std::nanf("")}, .maxValue = 1.f};
        const QImage image = render(map, {400, 400});
        const auto top = viridis(1.0);
        QVERIFY(countColour(image, QColor(top[0], top[1], top[2]), 3) > 1000);
        QVERIFY(countColour(image, QColor(190, 190, 190), 2) > 1000); // the NaN cell: no data
        QCOMPARE(mapColour(0.5), QColor(33, 144, 141));
    }

    void badDataNamesTheChart()
    {
        LineChart line{.title = "force",
                       .xLabel = "",
                       .yLabel = "",
                       .series = {{.name = "left", .colour = Qt::red, .x = {1, 2}, .y = {1}}}};
        try {
            (void)render(line);
            QFAIL("mismatched series accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("force") && QString(e.what()).contains("left"));
        }
        MapChart map{.title = "peak", .rows = 3, .cols = 2, .values = {1, 2, 3}};
        QVERIFY_THROWS_EXCEPTION(Error, (void)render(map));
        BarChart bars{.title = "joints",
                      .yLabel = "",
                      .categories = {"a"},
                      .series = {{.name = "x", .colour = Qt::red, .values = {1, 2}}}};
        QVERIFY_THROWS_EXCEPTION(Error, (void)render(bars));
    }

    void reportIsOnePage()
    {
        QTemporaryDir dir;
        OnePageReport report("Gait report");
        report.setSubtitle("demo session");
        report.addFacts({{"Cadence", "112 steps/min"}, {"Steps", "40"}, {"Duration", "105 s"}});
        std::vector<QStringList> rows;
        for (int i = 0; i < 60; ++i)
            rows.push_back({QString::number(i), "1.0", "2.0"});
        report.addTable("Steps", {"step", "stance s", "swing s"}, rows, 12);
        for (int i = 0; i < 5; ++i)
            report.addChart(LineChart{.title = QString::number(i),
                                      .xLabel = "s",
                                      .yLabel = "N",
                                      .series = {{.name = "a", .colour = Qt::blue, .x = {0, 1, 2}, .y = {0, 2, 1}}}});
        report.addNote("A long note. " + QString("word ").repeated(200));
        const QString pdf = dir.filePath("report.pdf");
        report.writePdf(pdf.toStdString());
        QCOMPARE(pdfPageCount(pdf), 1);
        QVERIFY(!QFile::exists(pdf + ".partial"));
        const QImage page = report.renderPage(1240);
        if (qEnvironmentVariableIsSet("INSOLEPOSE_KEEP_REPORT"))
            page.save(qEnvironmentVariable("INSOLEPOSE_KEEP_REPORT"));
        QCOMPARE(page.width(), 1240);
        QVERIFY(countColour(page, QColor(Qt::blue), 40) > 50); // the charts were painted
    }

    void unwritablePathIsNamed()
    {
        OnePageReport report("x");
        try {
            report.writePdf("/nonexistent-folder/report.pdf");
            QFAIL("wrote into a missing folder");
        } catch (const IoError& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent-folder/report.pdf"));
        }
        QVERIFY_THROWS_EXCEPTION(IoError, writePng("/nonexistent-folder/x.png", QImage(4, 4, QImage::Format_RGB32)));
    }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"
