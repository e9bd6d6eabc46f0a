// CSV, JSON and ELAN .eaf label files (docs/LABELS.md). Import parses the whole file into segments
// that remember where they came from, then applies them to a copy of the session's tracks, so a
// bad file changes nothing and every error names its line.
#include "insolepose/LabelExchange.h"

#include "insolepose/Error.h"
#include "insolepose/LabelStore.h"
#include "insolepose/Session.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>
#include <map>

namespace fs = std::filesystem;

namespace insolepose {

std::optional<LabelFormat> labelFormatFromName(const std::string& name)
{
    if (name == "csv")
        return LabelFormat::Csv;
    if (name == "json")
        return LabelFormat::Json;
    if (name == "eaf")
        return LabelFormat::Eaf;
    return std::nullopt;
}

LabelFormat labelFormatForPath(const fs::path& file)
{
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (const auto f = labelFormatFromName(ext.empty() ? ext : ext.substr(1)))
        return *f;
    throw Error(file.string() + ": cannot tell the label format from the extension '" + ext +
                "' (use .csv, .json or .eaf, or name the format)");
}

ExchangeContext exchangeContext(const Session& session)
{
    ExchangeContext c;
    c.origin_ns = session.timeRange().first;
    fs::path media = session.path();
    c.mimeType = "unknown"; // what ELAN writes for media it does not know
    if (!session.cameras().empty() && !session.cameras().front().videoPath.empty()) {
        media = session.cameras().front().videoPath;
        const std::string ext = media.extension().string();
        static const std::map<std::string, std::string> types = {{".mp4", "video/mp4"},
                                                                 {".avi", "video/x-msvideo"},
                                                                 {".mov", "video/quicktime"},
                                                                 {".mkv", "video/x-matroska"}};
        if (const auto it = types.find(ext); it != types.end())
            c.mimeType = it->second;
    }
    std::error_code ec;
    const fs::path absolute = fs::absolute(media, ec);
    c.mediaUrl = QUrl::fromLocalFile(QString::fromStdString((ec ? media : absolute).string())).toString().toStdString();
    return c;
}

// ---- times -------------------------------------------------------------------------------------
namespace {

/// Seconds with nine decimals: exact nanoseconds.
std::string secondsText(TimeNs ns)
{
    const bool negative = ns < 0;
    const unsigned long long a =
        negative ? 0ULL - static_cast<unsigned long long>(ns) : static_cast<unsigned long long>(ns);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%llu.%09llu", negative ? "-" : "", a / 1000000000ULL, a % 1000000000ULL);
    return buf;
}

/// Parses decimal seconds exactly to the nanosecond (more digits round); also accepts exponents.
std::optional<TimeNs> parseSeconds(const QString& text)
{
    const QString t = text.trimmed();
    static const QRegularExpression plain(QStringLiteral("^(-?)(\\d+)(?:\\.(\\d*))?$"));
    const auto m = plain.match(t);
    if (m.hasMatch() && m.captured(2).size() <= 9) { // 10^9 s * 10^9 ns fits in 64 bits; longer goes through double
        QString frac = m.captured(3);
        const bool roundUp = frac.size() > 9 && frac[9] >= QChar('5');
        frac = frac.left(9).leftJustified(9, QChar('0'));
        const TimeNs ns = m.captured(2).toLongLong() * 1000000000LL + frac.toLongLong() + (roundUp ? 1 : 0);
        return m.captured(1).isEmpty() ? ns : -ns;
    }
    bool ok = false;
    const double d = t.toDouble(&ok);
    if (!ok || !std::isfinite(d) || std::abs(d) > 9.2e9)
        return std::nullopt;
    return static_cast<TimeNs>(std::llround(d * 1e9));
}

qint64 toMilliseconds(TimeNs d) { return d >= 0 ? (d + 500000) / 1000000 : -((-d + 500000) / 1000000); }

// ---- parsed files ------------------------------------------------------------------------------

struct ParsedSegment {
    LabelSegment segment;
    std::string where; ///< "FILE:LINE" or "FILE: track 'x' segment i"
};

struct ParsedTrack {
    std::string name;
    std::optional<LabelTrack> properties; ///< JSON: the file's vocabulary and properties.
    std::vector<ParsedSegment> segments;
};

using ParsedFile = std::vector<ParsedTrack>;

ParsedTrack& trackNamed(ParsedFile& file, const std::string& name)
{
    for (auto& t : file)
        if (t.name == name)
            return t;
    file.push_back(ParsedTrack{name, std::nullopt, {}});
    return file.back();
}

QByteArray readAll(const fs::path& file)
{
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        throw IoError(file.string() + ": cannot open: " + f.errorString().toStdString());
    return f.readAll();
}

// ---- CSV ---------------------------------------------------------------------------------------

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). Throws on a stray quote.
std::vector<QString> splitCsv(const QString& line, const std::string& where)
{
    std::vector<QString> fields(1);
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                fields.back() += c, ++i;
            else if (c == '"')
                quoted = false;
            else
                fields.back() += c;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '"' && fields.back().isEmpty()) {
            quoted = true;
        } else {
            fields.back() += c;
        }
    }
    if (quoted)
        throw Error(where + ": a quoted field is not closed");
    return fields;
}

ParsedFile parseCsv(const fs::path& file, const ExchangeContext& context, const ImportOptions& options)
{
    const QStringList lines = QString::fromUtf8(readAll(file)).split('\n');
    const std::string name = file.string();
    if (lines.isEmpty() || lines[0].trimmed().isEmpty())
        throw Error(name + ":1: no header (expected start_s,end_s,label,track)");
    std::map<QString, std::size_t> column;
    const auto header = splitCsv(lines[0].trimmed(), name + ":1");
    for (std::size_t i = 0; i < header.size(); ++i) {
        const QString h = header[i].trimmed();
        if (h != "start_s" && h != "end_s" && h != "label" && h != "track")
            throw Error(name + ":1: unknown column '" + h.toStdString() + "' (expected start_s,end_s,label,track)");
        if (!column.emplace(h, i).second)
            throw Error(name + ":1: column '" + h.toStdString() + "' appears twice");
    }
    for (const char* required : {"start_s", "end_s", "label"})
        if (!column.count(required))
            throw Error(name + ":1: no '" + required + "' column (expected start_s,end_s,label,track)");
    const bool hasTrack = column.count("track") > 0;
    if (!hasTrack && options.track.empty())
        throw Error(name + ":1: no 'track' column; name the track to import into (--track NAME)");
    ParsedFile out;
    if (!options.track.empty())
        trackNamed(out, options.track);
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QString line = QString(lines[n]).remove('\r');
        if (line.trimmed().isEmpty())
            continue;
        const std::string where = name + ":" + std::to_string(n + 1);
        const auto f = splitCsv(line, where);
        if (f.size() != header.size())
            throw Error(where + ": " + std::to_string(f.size()) + " fields, expected " + std::to_string(header.size()) +
                        " (" + lines[0].trimmed().toStdString() + ")");
        std::string track = hasTrack ? f[column["track"]].trimmed().toStdString() : options.track;
        if (track.empty())
            track = options.track;
        if (track.empty())
            throw Error(where + ": the track field is empty; name the track with --track");
        if (!options.track.empty() && track != options.track)
            continue;
        const auto start = parseSeconds(f[column["start_s"]]);
        const auto end = parseSeconds(f[column["end_s"]]);
        if (!start || !end)
            throw Error(where + ": " +
                        (start ? "end_s '" + f[column["end_s"]].toStdString()
                               : "start_s '" + f[column["start_s"]].toStdString()) +
                        "' is not a number of seconds");
        ParsedSegment p{{}, where};
        p.segment.start_ns = context.origin_ns + *start;
        p.segment.end_ns = context.origin_ns + *end;
        p.segment.label = f[column["label"]].trimmed().toStdString();
        trackNamed(out, track).segments.push_back(std::move(p));
    }
    return out;
}

std::string csvText(const std::vector<LabelTrack>& tracks, const ExchangeContext& context)
{
    std::string out = "start_s,end_s,label,track\n";
    for (const auto& t : tracks)
        for (const auto& s : t.segments())
            out += secondsText(s.start_ns - context.origin_ns) + "," + secondsText(s.end_ns - context.origin_ns) + "," +
                   csvField(s.label) + "," + csvField(t.name()) + "\n";
    return out;
}

// ---- JSON --------------------------------------------------------------------------------------

LabelTrack withoutSegments(const LabelTrack& t)
{
    LabelTrack out(t.name(), t.vocabulary());
    out.setHidden(t.hidden());
    out.setSource(t.source());
    for (const auto& [label, style] : t.storedStyles())
        out.setStyle(label, style);
    return out;
}

ParsedFile parseJson(const fs::path& file, const ImportOptions& options)
{
    const QByteArray bytes = readAll(file);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        const int line = 1 + int(bytes.left(pe.offset).count('\n'));
        throw Error(file.string() + ":" + std::to_string(line) + ": not a labels JSON object: " +
                    (pe.error != QJsonParseError::NoError ? pe.errorString().toStdString() : "not an object"));
    }
    std::vector<std::string> warnings;
    const std::vector<LabelTrack> tracks = labelTracksFromJson(doc.object(), &warnings);
    if (!warnings.empty()) // a file to import must be read whole: what would be skipped is an error
        throw Error(file.string() + ": " + warnings.front());
    ParsedFile out;
    for (const auto& t : tracks) {
        if (!options.track.empty() && t.name() != options.track)
            continue;
        ParsedTrack& p = trackNamed(out, t.name());
        p.properties = t;
        for (std::size_t i = 0; i < t.segments().size(); ++i)
            p.segments.push_back(
                {t.segments()[i], file.string() + ": track '" + t.name() + "' segment " + std::to_string(i)});
    }
    return out;
}

// ---- EAF ---------------------------------------------------------------------------------------

void writeEafFooter(QXmlStreamWriter& w)
{
    w.writeStartElement("LINGUISTIC_TYPE");
    w.writeAttribute("GRAPHIC_REFERENCES", "false");
    w.writeAttribute("LINGUISTIC_TYPE_ID", "default-lt");
    w.writeAttribute("TIME_ALIGNABLE", "true");
    w.writeEndElement();
    w.writeStartElement("LANGUAGE");
    w.writeAttribute("LANG_DEF", "http://cdb.iso.org/lg/CDB-00130975-001");
    w.writeAttribute("LANG_ID", "und");
    w.writeAttribute("LANG_LABEL", "undetermined (und)");
    w.writeEndElement();
    const std::pair<const char*, const char*> constraints[] = {
        {"Time_Subdivision", "Time subdivision of parent annotation's time interval, no time gaps allowed within "
                             "this interval"},
        {"Symbolic_Subdivision", "Symbolic subdivision of a parent annotation. Annotations refering to the same "
                                 "parent are ordered"},
        {"Symbolic_Association", "1-1 association with a parent annotation"},
        {"Included_In", "Time alignable annotations within the parent annotation's time interval, gaps are allowed"}};
    for (const auto& [stereotype, description] : constraints) {
        w.writeStartElement("CONSTRAINT");
        w.writeAttribute("DESCRIPTION", description);
        w.writeAttribute("STEREOTYPE", stereotype);
        w.writeEndElement();
    }
}

std::string eafText(const std::vector<LabelTrack>& tracks, const ExchangeContext& context)
{
    QByteArray bytes;
    QXmlStreamWriter w(&bytes);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement("ANNOTATION_DOCUMENT");
    w.writeAttribute("AUTHOR", "");
    w.writeAttribute("DATE", QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    w.writeAttribute("FORMAT", "3.0");
    w.writeAttribute("VERSION", "3.0");
    w.writeNamespace("http://www.w3.org/2001/XMLSchema-instance", "xsi");
    w.writeAttribute("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation",
                     "http://www.mpi.nl/tools/elan/EAFv3.0.xsd");
    std::size_t annotations = 0;
    for (const auto& t : tracks)
        annotations += t.segments().size();
    w.writeStartElement("HEADER");
    w.writeAttribute("MEDIA_FILE", "");
    w.writeAttribute("TIME_UNITS", "milliseconds");
    w.writeStartElement("MEDIA_DESCRIPTOR");
    w.writeAttribute("MEDIA_URL", QString::fromStdString(context.mediaUrl));
    w.writeAttribute("MIME_TYPE", QString::fromStdString(context.mimeType.empty() ? "unknown" : context.mimeType));
    w.writeEndElement();
    w.writeStartElement("PROPERTY");
    w.writeAttribute("NAME", "lastUsedAnnotationId");
    w.writeCharacters(QString::number(annotations));
    w.writeEndElement();
    w.writeEndElement(); // HEADER
    w.writeStartElement("TIME_ORDER");
    std::size_t slot = 0;
    for (const auto& t : tracks)
        for (const auto& s : t.segments())
            for (TimeNs v : {s.start_ns, s.end_ns}) {
                w.writeStartElement("TIME_SLOT");
                w.writeAttribute("TIME_SLOT_ID", "ts" + QString::number(++slot));
                w.writeAttribute("TIME_VALUE", QString::number(toMilliseconds(v - context.origin_ns)));
                w.writeEndElement();
            }
    w.writeEndElement(); // TIME_ORDER
    slot = 0;
    std::size_t id = 0;
    for (const auto& t : tracks) {
        w.writeStartElement("TIER");
        w.writeAttribute("LINGUISTIC_TYPE_REF", "default-lt");
        w.writeAttribute("TIER_ID", QString::fromStdString(t.name()));
        for (const auto& s : t.segments()) {
            w.writeStartElement("ANNOTATION");
            w.writeStartElement("ALIGNABLE_ANNOTATION");
            w.writeAttribute("ANNOTATION_ID", "a" + QString::number(++id));
            w.writeAttribute("TIME_SLOT_REF1", "ts" + QString::number(++slot));
            w.writeAttribute("TIME_SLOT_REF2", "ts" + QString::number(++slot));
            w.writeTextElement("ANNOTATION_VALUE", QString::fromStdString(s.label));
            w.writeEndElement();
            w.writeEndElement();
        }
        w.writeEndElement(); // TIER
    }
    writeEafFooter(w);
    w.writeEndElement();
    w.writeEndDocument();
    return bytes.toStdString();
}

struct EafAnnotation {
    std::string tier;
    QString ref1, ref2;
    std::string value;
    qint64 line = 0;
};

ParsedFile parseEaf(const fs::path& file, const ExchangeContext& context, const ImportOptions& options)
{
    const QByteArray bytes = readAll(file);
    QXmlStreamReader r(bytes);
    const std::string name = file.string();
    auto at = [&](qint64 line) { return name + ":" + std::to_string(line); };
    std::map<QString, std::optional<qint64>> slots;
    std::vector<EafAnnotation> annotations;
    std::vector<std::string> tiers;
    std::string tier;
    bool sawRoot = false;
    while (!r.atEnd()) {
        if (r.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto el = r.name();
        const auto attr = r.attributes();
        if (!sawRoot) {
            if (el != QLatin1String("ANNOTATION_DOCUMENT"))
                throw Error(at(r.lineNumber()) + ": the root element is <" + el.toString().toStdString() +
                            ">, not <ANNOTATION_DOCUMENT> (not an ELAN .eaf file)");
            sawRoot = true;
        } else if (el == QLatin1String("HEADER")) {
            const auto units = attr.value("TIME_UNITS");
            if (!units.isEmpty() && units != QLatin1String("milliseconds"))
                throw Error(at(r.lineNumber()) + ": TIME_UNITS '" + units.toString().toStdString() +
                            "' is not supported (milliseconds only)");
        } else if (el == QLatin1String("TIME_SLOT")) {
            std::optional<qint64> value;
            if (attr.hasAttribute("TIME_VALUE")) {
                bool ok = false;
                value = attr.value("TIME_VALUE").toLongLong(&ok);
                if (!ok)
                    throw Error(at(r.lineNumber()) + ": TIME_VALUE '" +
                                attr.value("TIME_VALUE").toString().toStdString() +
                                "' is not a whole number of milliseconds");
            }
            slots[attr.value("TIME_SLOT_ID").toString()] = value;
        } else if (el == QLatin1String("TIER")) {
            // Dependent tiers (PARENT_REF) hold symbolic annotations of another tier: not segments.
            tier = attr.hasAttribute("PARENT_REF") ? std::string() : attr.value("TIER_ID").toString().toStdString();
            if (!tier.empty() && (options.track.empty() || tier == options.track))
                tiers.push_back(tier);
        } else if (el == QLatin1String("ALIGNABLE_ANNOTATION") && !tier.empty()) {
            EafAnnotation a{tier,
                            attr.value("TIME_SLOT_REF1").toString(),
                            attr.value("TIME_SLOT_REF2").toString(),
                            {},
                            r.lineNumber()};
            while (r.readNextStartElement())
                if (r.name() == QLatin1String("ANNOTATION_VALUE"))
                    a.value = r.readElementText().trimmed().toStdString();
                else
                    r.skipCurrentElement();
            annotations.push_back(std::move(a));
        }
    }
    if (r.hasError())
        throw Error(at(r.lineNumber()) + ": malformed XML: " + r.errorString().toStdString());
    if (!sawRoot)
        throw Error(name + ": no XML elements (not an ELAN .eaf file)");
    ParsedFile out;
    for (const auto& t : tiers)
        trackNamed(out, t);
    for (const auto& a : annotations) {
        if (!options.track.empty() && a.tier != options.track)
            continue;
        TimeNs t[2];
        const QString refs[2] = {a.ref1, a.ref2};
        for (int k = 0; k < 2; ++k) {
            const auto s = slots.find(refs[k]);
            if (s == slots.end())
                throw Error(at(a.line) + ": time slot '" + refs[k].toStdString() + "' is not in the TIME_ORDER");
            if (!s->second)
                throw Error(at(a.line) + ": time slot '" + refs[k].toStdString() + "' has no TIME_VALUE (unaligned)");
            t[k] = context.origin_ns + *s->second * 1000000;
        }
        ParsedSegment p{{}, at(a.line)};
        p.segment.start_ns = t[0];
        p.segment.end_ns = t[1];
        p.segment.label = a.value;
        trackNamed(out, a.tier).segments.push_back(std::move(p));
    }
    return out;
}

// ---- applying ----------------------------------------------------------------------------------

void checkSegment(const ParsedSegment& p)
{
    const LabelSegment& s = p.segment;
    if (s.label.empty())
        throw Error(p.where + ": the label is empty");
    if (s.end_ns <= s.start_ns)
        throw Error(p.where + ": '" + s.label + "' ends (" + formatSeconds(s.end_ns) + ") before or when it starts (" +
                    formatSeconds(s.start_ns) + ")");
}

void applyTrack(std::vector<LabelTrack>& tracks, const ParsedTrack& parsed, const fs::path& file,
                const ImportOptions& options)
{
    auto it = std::find_if(tracks.begin(), tracks.end(), [&](const LabelTrack& t) { return t.name() == parsed.name; });
    const bool created = it == tracks.end();
    if (created) {
        tracks.push_back(parsed.properties ? withoutSegments(*parsed.properties) : LabelTrack(parsed.name));
        it = tracks.end() - 1;
    } else if (it->locked()) {
        throw Error(file.string() + ": track " + it->name() + " is locked; nothing imported");
    } else if (options.replace) {
        LabelTrack emptied = withoutSegments(*it);
        for (const auto& v : it->vocabulary())
            emptied.addToVocabulary(v);
        *it = std::move(emptied);
    }
    for (const auto& p : parsed.segments) {
        checkSegment(p);
        if (!it->hasLabel(p.segment.label)) {
            if (!options.addLabels)
                throw Error(p.where + ": label '" + p.segment.label + "' is not in the vocabulary of track '" +
                            it->name() + "' (add it with --add-labels)");
            it->addToVocabulary(p.segment.label);
        }
        try {
            it->insert(p.segment);
        } catch (const Error& e) {
            throw Error(p.where + ": " + e.what());
        }
    }
    if (created && parsed.properties)
        it->setLocked(parsed.properties->locked());
}

} // namespace

std::string labelsToText(LabelFormat format, const std::vector<LabelTrack>& tracks, const ExchangeContext& context)
{
    switch (format) {
    case LabelFormat::Csv: return csvText(tracks, context);
    case LabelFormat::Eaf: return eafText(tracks, context);
    case LabelFormat::Json: break;
    }
    return QJsonDocument(labelTracksToJson(tracks)).toJson(QJsonDocument::Indented).toStdString();
}

void exportLabels(const fs::path& file, LabelFormat format, const std::vector<LabelTrack>& tracks,
                  const ExchangeContext& context)
{
    const std::string text = labelsToText(format, tracks, context);
    QSaveFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
        !f.commit())
        throw IoError(file.string() + ": cannot write: " + f.errorString().toStdString());
}

std::vector<LabelTrack> importLabels(const fs::path& file, LabelFormat format, const std::vector<LabelTrack>& existing,
                                     const ExchangeContext& context, const ImportOptions& options)
{
    const ParsedFile parsed = format == LabelFormat::Csv    ? parseCsv(file, context, options)
                              : format == LabelFormat::Json ? parseJson(file, options)
                                                            : parseEaf(file, context, options);
    if (!options.track.empty() && parsed.empty())
        throw Error(file.string() + ": has no track named '" + options.track + "'");
    std::vector<LabelTrack> tracks = existing;
    for (const auto& t : parsed)
        applyTrack(tracks, t, file, options);
    return tracks;
}

} // namespace insolepose
