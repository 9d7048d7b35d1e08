// A campaign's stored responses, read by SQLite on a helper thread while the calling thread
// works on the ones already read: a full scan (statistics, exports) then costs about the larger
// of the two sides rather than their sum. Rows are copied into batches of kReadAheadBatchRows;
// at most kBatchesAhead batches wait, so memory stays flat whatever the campaign's size.
#ifndef TESSERA_ENGINE_READ_AHEAD_SCAN_H_
#define TESSERA_ENGINE_READ_AHEAD_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <functional>

#include "engine/records.h"
#include "engine/store.h"
#include "instruments/status.h"
#include "scoring/answer_view.h"

namespace tessera::engine {

inline constexpr size_t kReadAheadBatchRows = 512;
inline constexpr size_t kBatchesAhead = 4;

// As store.ForEachResponseText, but `visit` runs on the calling thread while the store reads
// ahead (copying each row) on another. Stops early when `visit` returns false. The reading
// thread holds the store for the whole scan, so `visit` must not call the store (it would wait
// for the scan, which waits for `visit`).
Status ForEachResponseTextReadAhead(Store& store, int64_t campaign_id,
                                    const std::function<bool(const StoredResponseText&)>& visit);

// The same scan with each response's answers read (scoring::AnswerView, valid during the
// visit): `visit(id, answers)`. kCorruption, naming the response, when stored answers are not
// JSON.
Status ForEachResponseAnswers(
    Store& store, int64_t campaign_id,
    const std::function<bool(int64_t id, const scoring::AnswerView& answers)>& visit);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_READ_AHEAD_SCAN_H_
