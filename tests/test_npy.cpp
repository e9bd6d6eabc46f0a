#include "insolepose/Error.h"
#include "insolepose/Npy.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {
void writeBytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream f(p, std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
}
std::string readBytes(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}
} // namespace

class TestNpy : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path path(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }

private Q_SLOTS:
    void headerRoundTrip()
    {
        const std::string h = makeNpyHeader(DType::U16, {12, 30, 22});
        QCOMPARE(h.size() % 64, std::size_t(0));
        const auto parsed = parseNpyHeader({reinterpret_cast<const std::byte*>(h.data()), h.size()}, "x.npy");
        QCOMPARE(parsed.dtype, DType::U16);
        QCOMPARE(parsed.shape, (std::vector<std::size_t>{12, 30, 22}));
        QCOMPARE(parsed.dataOffset, h.size());
        QCOMPARE(parsed.rowBytes(), std::size_t(30 * 22 * 2));
        const std::string one = makeNpyHeader(DType::I64, {5});
        QVERIFY(one.find("(5,)") != std::string::npos); // numpy's 1-tuple syntax
    }
    void writeAndMapValues()
    {
        const std::vector<float> v = {1.5f, -2.0f, 3.25f, 4.0f, 5.0f, 6.0f};
        writeNpy(path("a.npy"), DType::F32, {3, 2}, v.data());
        const NpyArray a = NpyArray::open(path("a.npy"));
        QCOMPARE(a.rows(), std::size_t(3));
        QCOMPARE(a.values<float>()[2], 3.25f);
        a.expect(DType::F32, {2});
        a.expect(DType::F32, {0});
        QVERIFY_THROWS_EXCEPTION(FormatError, a.expect(DType::F32, {3}));
        QVERIFY_THROWS_EXCEPTION(FormatError, a.expect(DType::U16, {2}));
    }
    void errorsNameTheFileAndProblem()
    {
        writeBytes(path("garbage.npy"), "this is not numpy at all");
        try {
            NpyArray::open(path("garbage.npy"));
            QFAIL("expected an error");
        } catch (const FormatError& e) {
            QVERIFY(QString(e.what()).contains("garbage.npy"));
            QVERIFY(QString(e.what()).contains("magic"));
        }
        writeBytes(path("empty.npy"), "");
        QVERIFY_THROWS_EXCEPTION(FormatError, NpyArray::open(path("empty.npy")));
        std::string h = makeNpyHeader(DType::F32, {2, 2});
        h.replace(h.find("<f4"), 3, "<c8");
        writeBytes(path("complex.npy"), h + std::string(32, '\0'));
        try {
            NpyArray::open(path("complex.npy"));
            QFAIL("expected an error");
        } catch (const FormatError& e) {
            QVERIFY(QString(e.what()).contains("<c8"));
        }
        std::string f = makeNpyHeader(DType::F32, {2, 2});
        f.replace(f.find("False"), 5, "True ");
        writeBytes(path("fortran.npy"), f + std::string(16, '\0'));
        QVERIFY_THROWS_EXCEPTION(FormatError, NpyArray::open(path("fortran.npy")));
        const std::string full = makeNpyHeader(DType::F32, {2, 2});
        writeBytes(path("cut_header.npy"), full.substr(0, 40));
        QVERIFY_THROWS_EXCEPTION(FormatError, NpyArray::open(path("cut_header.npy")));
        QVERIFY_THROWS_EXCEPTION(IoError, NpyArray::open(path("does_not_exist.npy")));
    }
    void appenderKeepsHeaderCurrent()
    {
        NpyAppender app(path("app.npy"), DType::U16, {3});
        const std::uint16_t rows[6] = {1, 2, 3, 4, 5, 6};
        app.append(rows, 2);
        app.flush();
        {
            const NpyArray a = NpyArray::open(path("app.npy"));
            QCOMPARE(a.headerRows(), std::size_t(2));
            QCOMPARE(a.rows(), std::size_t(2));
            QCOMPARE(a.values<std::uint16_t>()[5], std::uint16_t(6));
        }
        app.append(rows, 1); // not flushed yet: the file still says 2
        QCOMPARE(NpyArray::open(path("app.npy")).rows(), std::size_t(2));
        app.close();
        QCOMPARE(NpyArray::open(path("app.npy")).rows(), std::size_t(3));
    }
    void truncatedAndStaleFilesAreRecovered()
    {
        const std::vector<std::int64_t> v = {1, 2, 3, 4, 5};
        writeNpy(path("t.npy"), DType::I64, {5}, v.data());
        const std::string bytes = readBytes(path("t.npy"));
        // Cut in the middle of the 4th value: 3 complete rows remain.
        writeBytes(path("cut.npy"), bytes.substr(0, bytes.size() - 12));
        std::string warning;
        const NpyArray cut = NpyArray::open(path("cut.npy"), &warning);
        QCOMPARE(cut.rows(), std::size_t(3));
        QVERIFY(QString::fromStdString(warning).contains("truncated"));
        // Header says 2 but 5 rows follow (a crash before the header update).
        std::string stale = bytes;
        const std::string h2 = makeNpyHeader(DType::I64, {2});
        stale.replace(0, h2.size(), h2);
        writeBytes(path("stale.npy"), stale);
        warning.clear();
        QCOMPARE(NpyArray::open(path("stale.npy"), &warning).rows(), std::size_t(5));
        QVERIFY(QString::fromStdString(warning).contains("recovered"));
        setNpyRowCount(path("cut.npy"), 3);
        warning.clear();
        const NpyArray fixed = NpyArray::open(path("cut.npy"), &warning);
        QCOMPARE(fixed.headerRows(), std::size_t(3));
        QVERIFY(warning.empty());
        QCOMPARE(fixed.values<std::int64_t>()[2], std::int64_t(3));
    }
};

QTEST_APPLESS_MAIN(TestNpy)
#include "test_npy.moc"
