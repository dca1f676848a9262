package s3

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/trueup/trueup/engine/state"
)

// tableLock keeps the lock as the item LockID = BUCKET/KEY of a DynamoDB
// table, holding the lock record as JSON in the attribute Info, like
// Terraform. It is created with attribute_not_exists(LockID), and renewed,
// taken over and deleted on condition that Info is exactly what was read.
type tableLock struct {
	b      *Backend
	db     dynamoAPI
	table  string
	lockID string
}

func (l *tableLock) lock(ctx context.Context, rec *state.LockInfo) error {
	info := string(encodeLock(rec))
	var held *state.LockInfo
	for range takeAttempts {
		err := l.put(ctx, info, "")
		if err == nil {
			return nil
		}
		if !isConditionFailed(err) {
			return l.wrap("lock", err)
		}
		var raw string
		held, raw, err = l.read(ctx)
		switch {
		case err != nil:
			return err
		case held == nil:
			continue
		case held.ID == rec.ID:
			return nil
		}
		dead := ""
		if !held.Expired(state.Now(ctx)) {
			if dead = state.DeadHolder(ctx, held); dead == "" {
				return l.b.heldError(held)
			}
		}
		err = l.put(ctx, info, raw)
		if err == nil {
			l.b.tookOver(ctx, held, dead)
			return nil
		}
		if !isConditionFailed(err) {
			return l.wrap("lock", err)
		}
	}
	return l.b.heldError(held)
}

func (l *tableLock) renew(ctx context.Context, id string, now time.Time) error {
	held, raw, err := l.read(ctx)
	if err != nil {
		return err
	}
	if held == nil || held.ID != id {
		return l.b.notHeldError(id, held)
	}
	renewed, err := held.Renewal(now)
	if err != nil {
		return &state.LockError{Info: held, Err: l.b.errorf("renew lock %s: %w", id, err)}
	}
	if err := l.put(ctx, string(encodeLock(renewed)), raw); err != nil {
		if isConditionFailed(err) {
			cur, _, _ := l.read(ctx)
			return l.b.notHeldError(id, cur)
		}
		return l.wrap("renew lock", err)
	}
	return nil
}

func (l *tableLock) unlock(ctx context.Context, id string) error {
	held, raw, err := l.read(ctx)
	if err != nil {
		return err
	}
	if held == nil || held.ID != id {
		return l.b.notHeldError(id, held)
	}
	_, err = l.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &l.table,
		Key:                       l.key(),
		ConditionExpression:       aws.String("Info = :held"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":held": &types.AttributeValueMemberS{Value: raw}},
	})
	if isConditionFailed(err) {
		cur, _, _ := l.read(ctx)
		return l.b.notHeldError(id, cur)
	}
	if err != nil {
		return l.wrap("unlock", err)
	}
	return nil
}

func (l *tableLock) current(ctx context.Context) (*state.LockInfo, error) {
	rec, _, err := l.read(ctx)
	return rec, err
}

func (l *tableLock) key() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"LockID": &types.AttributeValueMemberS{Value: l.lockID}}
}

// put writes the item with Info = info: created when held is "", else
// replacing the item whose Info is exactly held.
func (l *tableLock) put(ctx context.Context, info, held string) error {
	in := &dynamodb.PutItemInput{
		TableName: &l.table,
		Item: map[string]types.AttributeValue{
			"LockID": &types.AttributeValueMemberS{Value: l.lockID},
			"Info":   &types.AttributeValueMemberS{Value: info},
		},
	}
	if held == "" {
		in.ConditionExpression = aws.String("attribute_not_exists(LockID)")
	} else {
		in.ConditionExpression = aws.String("Info = :held")
		in.ExpressionAttributeValues = map[string]types.AttributeValue{":held": &types.AttributeValueMemberS{Value: held}}
	}
	_, err := l.db.PutItem(ctx, in)
	return err
}

// read returns the lock record and its raw Info, or nil when unlocked.
func (l *tableLock) read(ctx context.Context) (*state.LockInfo, string, error) {
	out, err := l.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &l.table, Key: l.key(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, "", l.wrap("read lock", err)
	}
	if out.Item == nil {
		return nil, "", nil
	}
	av, ok := out.Item["Info"].(*types.AttributeValueMemberS)
	if !ok {
		return nil, "", l.b.errorf("lock item %q in DynamoDB table %q has no Info string", l.lockID, l.table)
	}
	rec, err := decodeLock([]byte(av.Value))
	if err != nil {
		return nil, "", l.b.errorf("lock item %q in DynamoDB table %q: %w", l.lockID, l.table, err)
	}
	return rec, av.Value, nil
}

// wrap names the table as well as the backend.
func (l *tableLock) wrap(op string, err error) error {
	var notFound *types.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return l.b.errorf("%s: DynamoDB table %q does not exist: %w", op, l.table, err)
	}
	return l.b.wrap(fmt.Sprintf("%s in DynamoDB table %q", op, l.table), err)
}

// isConditionFailed reports a failed ConditionExpression.
func isConditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}
