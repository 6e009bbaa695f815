/** Types of the cases feature, all inferred from the contract. */
import type { z } from 'zod';
import type {
  ZAttachment,
  ZAttachmentList,
  ZCaseCreate,
  ZCaseDetail,
  ZCaseHistory,
  ZCaseList,
  ZCaseListItem,
  ZCaseListQuery,
  ZCaseUpdate,
  ZHistoryEntry,
  ZPlace,
} from '../../../contract/cases';

export type TCaseDetail = z.infer<typeof ZCaseDetail>;
export type TCaseList = z.infer<typeof ZCaseList>;
export type TCaseListItem = z.infer<typeof ZCaseListItem>;
export type TCaseListQuery = z.input<typeof ZCaseListQuery>;
export type TCaseCreateInput = z.input<typeof ZCaseCreate>;
export type TCaseCreateOutput = z.output<typeof ZCaseCreate>;
export type TCaseUpdateInput = z.input<typeof ZCaseUpdate>;
export type TCaseUpdateOutput = z.output<typeof ZCaseUpdate>;
export type TCaseHistory = z.infer<typeof ZCaseHistory>;
export type THistoryEntry = z.infer<typeof ZHistoryEntry>;
export type TAttachment = z.infer<typeof ZAttachment>;
export type TAttachmentList = z.infer<typeof ZAttachmentList>;
export type TPlace = z.infer<typeof ZPlace>;
